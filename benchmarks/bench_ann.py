"""Exact against approximate (HNSW) dense search: latency by size, and recall on real-text embeddings.

    python benchmarks/ann_data.py /tmp/ann-cache                  # once: embeds ~24k passages
    python benchmarks/bench_ann.py --real /tmp/ann-cache [--sizes 10000 30000 100000 300000 1000000]
        [--hnsw-sizes 10000 30000 100000] [--queries 200]

Part 1, latency (random unit vectors, 384-d; a flat search costs the same on any vectors): one query at
a time, as a question does, through IndexFlatIP and through IndexHNSWFlat (M=HNSW_M, efConstruction and
efSearch as in yjs_qa.store), with the HNSW build time and its recall@10 against exact. Random vectors
are the hardest case for a graph index, so their recall is a lower bound.

Part 2, recall on real text (benchmarks/ann_data.py): all-MiniLM-L6-v2 vectors of synthetic HMIP-layout
reports plus the shipped corpus; queries are the gold questions of eval/questions.jsonl and first
sentences of held-out passages. recall@k = share of the exact top k that the approximate top k holds.
Unfiltered, and filtered to one service, 1%, 10% and 50% of documents, through
yjs_qa.retrieve.dense_search (exact over the allowed rows below FILTER_EXACT_ROWS, else HNSW with a
selector) and, for comparison, through HNSW with a selector at every filter size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import faiss
import numpy as np

from yjs_qa import retrieve, store


def unit(n: int, seed: int, d: int = 384) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def timed(fn: Any, queries: np.ndarray) -> tuple[list[float], list[Any]]:
    ms, out = [], []
    fn(queries[0])  # warm
    for q in queries:
        t = time.perf_counter()
        out.append(fn(q))
        ms.append((time.perf_counter() - t) * 1000)
    return ms, out


def p50(ms: list[float]) -> float:
    return statistics.median(ms)


def p95(ms: list[float]) -> float:
    return float(np.percentile(ms, 95))


def recall(exact: list[list[int]], approx: list[list[int]], k: int) -> float:
    got = [len(set(e[:k]) & set(a[:k])) / max(1, min(k, len(e))) for e, a in zip(exact, approx, strict=True)]
    return float(np.mean(got))


def hnsw(vectors: np.ndarray, ef_construction: int = store.HNSW_EF_CONSTRUCTION) -> tuple[faiss.Index, float]:
    spec = store.DenseSpec("hnsw", store.HNSW_M, ef_construction, store.HNSW_EF_SEARCH)
    t = time.perf_counter()
    index = store.build_dense(vectors, spec)
    return index, time.perf_counter() - t


def search_fn(index: faiss.Index, k: int, ef: int | None = None) -> Any:
    params = faiss.SearchParametersHNSW(efSearch=ef) if ef else None

    def run(q: np.ndarray) -> list[int]:
        _, ids = index.search(q.reshape(1, -1), k, params=params)
        return [int(i) for i in ids[0] if i >= 0]

    return run


def latency(sizes: list[int], hnsw_sizes: list[int], nq: int) -> list[str]:
    rows = [
        "| passages | flat p50 / p95 | HNSW build (2 cores) | HNSW ef=64 p50 | ef=128 p50 / p95 | "
        "ef=256 p50 | recall@10 ef=64 / 128 / 256 (random vectors) |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    queries = unit(nq, 99)
    for n in sizes:
        vectors = unit(n, 0)
        flat = store.build_dense(vectors, store.DenseSpec())
        flat_ms, exact = timed(search_fn(flat, 10), queries)
        cells = [f"{n:,}", f"{p50(flat_ms):.2f} / {p95(flat_ms):.2f} ms"]
        if n in hnsw_sizes:
            index, build_s = hnsw(vectors)
            res = {ef: timed(search_fn(index, 10, ef), queries) for ef in (64, 128, 256)}
            cells += [
                f"{build_s:.1f} s",
                f"{p50(res[64][0]):.2f} ms",
                f"{p50(res[128][0]):.2f} / {p95(res[128][0]):.2f} ms",
                f"{p50(res[256][0]):.2f} ms",
                " / ".join(f"{recall(exact, res[ef][1], 10):.3f}" for ef in (64, 128, 256)),
            ]
            del index
        else:
            cells += ["", "", "", "", ""]
        rows.append("| " + " | ".join(cells) + " |")
        print(rows[-1], file=sys.stderr)
        del flat, vectors
    return rows


def real(cache: Path, nq: int) -> list[str]:
    vectors = np.load(cache / "vectors.npy", allow_pickle=False)
    queries = np.load(cache / "queries.npy", allow_pickle=False)
    meta = json.loads((cache / "queries.json").read_text("utf-8"))
    groups = json.loads((cache / "groups.json").read_text("utf-8"))
    gold = [i for i, q in enumerate(meta) if q["source"] == "gold"]
    held = [i for i, q in enumerate(meta) if q["source"] != "gold"][:nq]
    queries = queries[gold + held]
    n = len(vectors)
    out = [
        f"Real text: {n:,} passages, {len(queries)} queries ({len(gold)} gold questions, "
        f"{len(held)} held-out first sentences).",
        "",
        "| index | build | ef | p50 / p95 | recall@10 | recall@100 | gold questions: same top 1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    flat = store.build_dense(vectors, store.DenseSpec())
    flat_ms, exact = timed(search_fn(flat, 100), queries)
    out.append(
        f"| flat (exact) | | | {p50(flat_ms):.2f} / {p95(flat_ms):.2f} ms | 1 | 1 | {len(gold)}/{len(gold)} |"
    )
    chosen = None
    for efc in (40, 64):
        index, build_s = hnsw(vectors, efc)
        for ef in (64, 128, 256):
            ms, got = timed(search_fn(index, 100, max(ef, 100)), queries)
            top1 = sum(exact[i][0] == got[i][0] for i in range(len(gold)))
            out.append(
                f"| HNSW M={store.HNSW_M} efC={efc} | {build_s:.1f} s | {max(ef, 100)} "
                f"| {p50(ms):.2f} / {p95(ms):.2f} ms | {recall(exact, got, 10):.3f} "
                f"| {recall(exact, got, 100):.3f} | {top1}/{len(gold)} |"
            )
            print(out[-1], file=sys.stderr)
        if efc == store.HNSW_EF_CONSTRUCTION:
            chosen = index
    assert chosen is not None
    out += ["", *filtered(vectors, queries, groups, chosen)]
    return out


def filtered(
    vectors: np.ndarray, queries: np.ndarray, groups: list[dict[str, Any]], index: faiss.Index
) -> list[str]:
    n = len(vectors)
    documents = np.array([g["document"] for g in groups])
    ndocs = int(documents.max()) + 1
    rng = np.random.default_rng(4)
    service = groups[-1]["service"]
    filters = {"one service": np.array([g["service"] == service for g in groups])}
    for share in (0.01, 0.1, 0.5):
        picked = rng.choice(ndocs, max(1, int(ndocs * share)), replace=False)
        filters[f"{share:.0%} of documents"] = np.isin(documents, picked)
    spec = store.DenseSpec("hnsw", store.HNSW_M, store.HNSW_EF_CONSTRUCTION, store.HNSW_EF_SEARCH)
    data = SimpleNamespace(dense=index, dense_spec=spec, vectors=vectors)
    flat = SimpleNamespace(
        dense=store.build_dense(vectors, store.DenseSpec()), dense_spec=store.DenseSpec(), vectors=vectors
    )
    out = [
        "| filter | allowed rows | flat + selector p50 | exact over allowed rows p50 | HNSW + selector p50 "
        "| HNSW + selector recall@10 | dense_search path | dense_search recall@10 |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    saved = retrieve.FILTER_EXACT_ROWS
    for name, allowed in filters.items():
        rows = int(allowed.sum())
        flat_ms, exact = timed(lambda q, a=allowed: retrieve.dense_search(flat, q, 100, a), queries)  # type: ignore[arg-type]
        rows_ms, _ = timed(
            lambda q, a=allowed: retrieve.exact_rows(vectors, np.flatnonzero(a), q, 100), queries
        )
        retrieve.FILTER_EXACT_ROWS = 0  # force the graph, to compare
        graph_ms, graph = timed(lambda q, a=allowed: retrieve.dense_search(data, q, 100, a), queries)  # type: ignore[arg-type]
        retrieve.FILTER_EXACT_ROWS = saved
        _, chosen = timed(lambda q, a=allowed: retrieve.dense_search(data, q, 100, a), queries)  # type: ignore[arg-type]
        path = "exact rows" if rows <= saved else "HNSW + selector"
        out.append(
            f"| {name} | {rows:,} ({rows / n:.1%}) | {p50(flat_ms):.2f} ms | {p50(rows_ms):.2f} ms "
            f"| {p50(graph_ms):.2f} ms | {recall(exact, graph, 10):.3f} | {path} "
            f"| {recall(exact, chosen, 10):.3f} |"
        )
        print(out[-1], file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real", type=Path, help="cache folder written by benchmarks/ann_data.py")
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 30_000, 100_000, 300_000, 1_000_000])
    ap.add_argument("--hnsw-sizes", type=int, nargs="*", default=[10_000, 30_000, 100_000])
    ap.add_argument("--queries", type=int, default=200, help="random queries; held-out sentences (real)")
    args = ap.parse_args()
    lines = latency(args.sizes, args.hnsw_sizes, args.queries) if args.sizes else []
    if args.real:
        lines += ["", *real(args.real, args.queries)]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}, faiss {faiss.__version__}, no GPU; load average at the end: "
          f"{os.getloadavg()[0]:.2f}")
    print(f"command: {' '.join(sys.argv)}")
    print(
        f"HNSW M={store.HNSW_M}, efConstruction={store.HNSW_EF_CONSTRUCTION}, "
        f"efSearch={store.HNSW_EF_SEARCH}; FILTER_EXACT_ROWS={retrieve.FILTER_EXACT_ROWS}"
    )
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
