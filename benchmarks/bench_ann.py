"""Exact against approximate (HNSW) dense search: latency by size, and recall on real-text embeddings.

    python benchmarks/ann_data.py /tmp/ann-cache                  # once: embeds ~24k passages
    python benchmarks/bench_ann.py --real /tmp/ann-cache [--sizes 10000 30000 100000 300000 1000000]
        [--hnsw-sizes 10000 30000 100000] [--queries 200]

Part 1, latency (random unit vectors, 384-d; a flat search costs the same on any vectors): one query at
a time, as a question does, through IndexFlatIP and through IndexHNSWFlat (M, efConstruction and
efSearch as in SETTINGS.index), with the HNSW build time and its recall@10 against exact. Random vectors
are the hardest case for a graph index, so their recall is a lower bound.

Part 2, recall on real text (benchmarks/ann_data.py): all-MiniLM-L6-v2 vectors of synthetic HMIP-layout
reports plus the shipped corpus; queries are the gold questions of eval/questions.jsonl and first
sentences of held-out passages. recall@k = share of the exact top k that the approximate top k holds.
Unfiltered, for a few HNSW settings; and filtered to one service and to 1-50% of the documents,
through each path yjs_qa.index.dense_search.dense_scored can take (exact over the allowed rows, gathered or
through the HNSW index's stored vectors with a selector; or the graph with a selector) and the one it
does take (exact below SETTINGS.index.filter_graph_share of the rows).
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

from yjs_qa.index import dense_search
from yjs_qa.index.dense_build import DenseSpec, build_dense
from yjs_qa.settings import SETTINGS

INDEX = SETTINGS.index


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


def hnsw(
    vectors: np.ndarray, ef_construction: int = INDEX.hnsw_ef_construction, m: int = INDEX.hnsw_m
) -> tuple[faiss.Index, float]:
    spec = DenseSpec("hnsw", m, ef_construction, INDEX.hnsw_ef_search)
    t = time.perf_counter()
    index = build_dense(vectors, spec)
    return index, time.perf_counter() - t


def search_fn(index: faiss.Index, k: int, ef: int | None = None) -> Any:
    params = faiss.SearchParametersHNSW(efSearch=ef) if ef else None

    def run(q: np.ndarray) -> list[int]:
        _, ids = index.search(q.reshape(1, -1), k, params=params)
        return [int(i) for i in ids[0] if i >= 0]

    return run


def latency(sizes: list[int], hnsw_sizes: list[int], nq: int) -> list[str]:
    rows = [
        "| passages | flat p50 / p95 (2 threads) | flat p50 / p95 (1 thread) | HNSW build (2 cores) "
        "| HNSW ef=128 p50 | ef=256 p50 / p95 | ef=512 p50 | recall@10 ef=128 / 256 / 512 (random vectors) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    threads = faiss.omp_get_max_threads()
    queries = unit(nq, 99)
    for n in sizes:
        vectors = unit(n, 0)
        flat = build_dense(vectors, DenseSpec())
        flat_ms, exact = timed(search_fn(flat, 10), queries)
        faiss.omp_set_num_threads(1)
        one_ms, _ = timed(search_fn(flat, 10), queries)
        faiss.omp_set_num_threads(threads)
        cells = [
            f"{n:,}",
            f"{p50(flat_ms):.2f} / {p95(flat_ms):.2f} ms",
            f"{p50(one_ms):.2f} / {p95(one_ms):.2f} ms",
        ]
        if n in hnsw_sizes:
            index, build_s = hnsw(vectors)
            res = {ef: timed(search_fn(index, 10, ef), queries) for ef in (128, 256, 512)}
            cells += [
                f"{build_s:.1f} s",
                f"{p50(res[128][0]):.2f} ms",
                f"{p50(res[256][0]):.2f} / {p95(res[256][0]):.2f} ms",
                f"{p50(res[512][0]):.2f} ms",
                " / ".join(f"{recall(exact, res[ef][1], 10):.3f}" for ef in (128, 256, 512)),
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
    flat = build_dense(vectors, DenseSpec())
    flat_ms, exact = timed(search_fn(flat, 100), queries)
    out.append(
        f"| flat (exact) | | | {p50(flat_ms):.2f} / {p95(flat_ms):.2f} ms | 1 | 1 | {len(gold)}/{len(gold)} |"
    )
    chosen = None
    settings = [(32, 40), (32, 80), (48, 80), (INDEX.hnsw_m, INDEX.hnsw_ef_construction)]
    for m, efc in dict.fromkeys(settings):
        index, build_s = hnsw(vectors, efc, m)
        for ef in (128, 256, 512):
            ms, got = timed(search_fn(index, 100, ef), queries)
            top1 = sum(exact[i][0] == got[i][0] for i in range(len(gold)))
            ours = (m, efc, ef) == (INDEX.hnsw_m, INDEX.hnsw_ef_construction, INDEX.hnsw_ef_search)
            mark = " **(yjs-qa)**" if ours else ""
            out.append(
                f"| HNSW M={m} efC={efc}{mark} | {build_s:.1f} s | {ef} "
                f"| {p50(ms):.2f} / {p95(ms):.2f} ms | {recall(exact, got, 10):.3f} "
                f"| {recall(exact, got, 100):.3f} | {top1}/{len(gold)} |"
            )
            print(out[-1], file=sys.stderr)
        if (m, efc) == (INDEX.hnsw_m, INDEX.hnsw_ef_construction):
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
    for share in (0.01, 0.05, 0.1, 0.2, 0.5):
        picked = rng.choice(ndocs, max(1, int(ndocs * share)), replace=False)
        filters[f"{share:.0%} of documents"] = np.isin(documents, picked)
    spec = DenseSpec("hnsw", INDEX.hnsw_m, INDEX.hnsw_ef_construction, INDEX.hnsw_ef_search)
    data = SimpleNamespace(dense=index, dense_spec=spec, vectors=vectors)
    flat = SimpleNamespace(dense=build_dense(vectors, DenseSpec()), dense_spec=DenseSpec(), vectors=vectors)
    out = [
        "| filter | allowed rows | flat index + selector (exact) p50 | gathered rows (exact) p50 "
        "| HNSW's stored vectors + selector (exact) p50 | HNSW graph + selector p50 / recall@10 "
        "| dense_search takes | its recall@10 |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    share, gather = INDEX.filter_graph_share, INDEX.gather_rows

    def path(**settings: float) -> Any:
        changed = INDEX.model_copy(
            update={
                "filter_graph_share": settings.get("share", share),
                "gather_rows": int(settings.get("gather", gather)),
            }
        )

        def run(q: np.ndarray, allowed: np.ndarray) -> list[int]:
            saved = dense_search.SETTINGS
            dense_search.SETTINGS = SETTINGS.model_copy(update={"index": changed})
            try:
                return dense_search.dense_scored(data, q, 100, allowed)[0]  # type: ignore[arg-type]
            finally:
                dense_search.SETTINGS = saved

        return run

    for name, allowed in filters.items():
        rows = int(allowed.sum())
        flat_ms, exact = timed(lambda q, a=allowed: dense_search.dense_scored(flat, q, 100, a)[0], queries)  # type: ignore[arg-type]
        runs = {
            "gathered": path(share=2.0, gather=10**9),
            "stored": path(share=2.0, gather=0),
            "graph": path(share=0.0),
            "chosen": path(),
        }
        res = {k: timed(lambda q, a=allowed, f=f: f(q, a), queries) for k, f in runs.items()}  # type: ignore[misc]
        taken = (
            "HNSW graph + selector"
            if rows >= share * n
            else "gathered rows"
            if rows <= gather
            else "stored vectors + selector"
        )
        out.append(
            f"| {name} | {rows:,} ({rows / n:.1%}) | {p50(flat_ms):.2f} ms "
            f"| {p50(res['gathered'][0]):.2f} ms "
            f"| {p50(res['stored'][0]):.2f} ms "
            f"| {p50(res['graph'][0]):.2f} ms / {recall(exact, res['graph'][1], 10):.3f} | {taken} "
            f"| {recall(exact, res['chosen'][1], 10):.3f} |"
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
    print(
        f"machine: {machine}, faiss {faiss.__version__}, no GPU; load average at the end: "
        f"{os.getloadavg()[0]:.2f}"
    )
    print(f"command: {' '.join(sys.argv)}")
    print(
        f"HNSW M={INDEX.hnsw_m}, efConstruction={INDEX.hnsw_ef_construction}, "
        f"efSearch={INDEX.hnsw_ef_search}; ann_threshold={INDEX.ann_threshold:,}; "
        f"filters: exact below filter_graph_share={INDEX.filter_graph_share} of the rows, "
        f"gathered up to gather_rows={INDEX.gather_rows:,}"
    )
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
