"""Benchmark index size, build cost, query latency and memory at 10k, 100k and 1M passages.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--queries 40]
        [--keep DIR] [--no-sentence-vectors]

Corpora come from benchmarks/synth.py (HMIP-layout reports, ~118 passages each), parsed, cleaned,
chunked and tagged for real. Their vectors are random unit vectors (saved vectors stand in for the
embedding, ~1 h per 100k passages on these cores; a flat search costs the same on them, and they are
the hardest case for HNSW: see bench_ann.py for recall on real-text vectors). "build" below is
therefore ingest + write (dense index, BM25, files), not embedding; the dense index build (flat, or
HNSW from SETTINGS.index.ann_threshold passages up) is also shown on its own. Each size's questions run in a
fresh process that opens the index as the CLI would (the ONNX query path), against the floor
measured in that process: one query embedding + one FAISS search + one bm25s search.

Memory goal (issue #5): the query process's peak RSS (VmHWM) at most 2 x the vectors plus metadata,
i.e. vectors.npy + passages.jsonl + offsets + columns + bm25 + manifest + ratings (dense.faiss holds
the same vectors again and is not counted twice). Sizes and memory are in MB (10^6 bytes).

--keep DIR keeps each size's corpus and index in DIR/<size> and reuses them on the next run
(with the build figures saved beside them), so a 1M index is built once.

By default a random unit vector is also stored for every sentence span (sentences.npy, float16, as
a default `yjs-qa index build` stores real ones), so ask reads them instead of embedding the
sentences of its top passages; the kept folder is then DIR/<size>-sentences. sentences.npy and its
offsets count as metadata for the memory goal (questions read them). --no-sentence-vectors leaves
them out, as `yjs-qa index build --no-sentence-vectors` does: ask then embeds ~10-20 sentences.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from synth import generate

from yjs_qa import Library
from yjs_qa.index import dense_build, onnx_export, store
from yjs_qa.index.embed import DEFAULT_MODEL_NAME, default_model_path, fingerprint, weight_digests
from yjs_qa.index.texts import keyword_text
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.settings import SETTINGS

PASSAGES_PER_REPORT = 118
QUESTIONS = [
    "what did inspectors say about contingency planning?",
    "how well did the service work with victims?",
    "speech, language and communication needs",
    "management oversight of risk of harm",
    "were children in custody visited?",
    "staff workloads and supervision",
    "how were children involved in their plans?",
    "education, training and employment",
]


def build(root: Path, n: int, sentence_vectors: bool = False) -> dict[str, float]:
    """A synthetic index of about n passages at root/index; returns timings and sizes."""
    saved = root / "build.json"
    if saved.exists() and store.exists(root / "index"):
        print(f"reusing {root / 'index'}", file=sys.stderr)
        return dict(json.loads(saved.read_text("utf-8")))
    shutil.rmtree(root / "index", ignore_errors=True)
    reports = generate(root / "corpus", math.ceil(n / PASSAGES_PER_REPORT), seed=5)
    t = time.perf_counter()
    pairs = [ingest(p) for p in reports]
    ingest_s = time.perf_counter() - t
    docs = [d for d, _ in pairs]
    passages = [p for _, ps in pairs for p in ps]
    for d, ps in pairs:
        d.passages = len(ps)
    by_name = {d.document: d for d in docs}
    vectors = np.random.default_rng(0).standard_normal((len(passages), 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sentences = None
    if sentence_vectors:
        rng = np.random.default_rng(1)
        total = sum(len(p.sentences) for p in passages)
        sentences = np.zeros((total, 384), dtype=np.float16)
        for start in range(0, total, 65536):  # in blocks: float32 for all would be ~0.3 GB at 100k
            block = rng.standard_normal((min(65536, total - start), 384)).astype(np.float32)
            sentences[start : start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    fp = fingerprint(weight_digests(default_model_path()))
    dense_s = 0.0
    build_dense = store.build_dense

    def timed_build_dense(v: np.ndarray, spec: dense_build.DenseSpec) -> object:
        nonlocal dense_s
        t = time.perf_counter()
        index = build_dense(v, spec)
        dense_s = time.perf_counter() - t
        return index

    store.build_dense = timed_build_dense  # type: ignore[assignment]
    t = time.perf_counter()
    store.write(
        root / "index",
        documents=docs,
        passages=passages,
        vectors=vectors,
        keyword_texts=[keyword_text(by_name[p.document], p) for p in passages],
        model=DEFAULT_MODEL_NAME,
        dimension=384,
        fingerprint=fp,
        sentence_vectors=sentences,
    )
    write_s = time.perf_counter() - t
    store.build_dense = build_dense
    onnx_export.ensure_for_index(root / "index", fp)  # once, like a real build; not timed
    vdir = root / "index" / "versions" / (store.current_version(root / "index") or "")
    sizes = {f.name: f.stat().st_size for f in vdir.iterdir() if f.is_file()}
    sizes["bm25"] = sum(f.stat().st_size for f in (vdir / "bm25").iterdir())
    # The vectors once, and everything a reader needs besides them.
    sizes["vectors+metadata"] = sum(v for k, v in sizes.items() if k != "dense.faiss")
    result = {"passages": len(passages), "ingest_s": ingest_s, "write_s": write_s, "dense_s": dense_s} | {
        f"bytes:{k}": float(v) for k, v in sizes.items()
    }
    saved.write_text(json.dumps(result), "utf-8")
    return result


def query(index: Path, repeats: int) -> dict[str, Any]:
    """In this (fresh) process: open, time questions and the floor, and report memory."""
    import faiss

    from yjs_qa.index.dense_search import dense_scored
    from yjs_qa.index.keyword import keyword_scores, top_rows

    vdir = index / "versions" / (store.current_version(index) or "")
    rss0 = _rss_mb()
    t = time.perf_counter()
    dense = faiss.read_index(str(vdir / "dense.faiss"), faiss.IO_FLAG_MMAP_IFC)
    dense_open_s, dense_rss_mb = time.perf_counter() - t, _rss_mb() - rss0
    del dense
    t = time.perf_counter()
    lib = Library.open(index)
    emb = lib.embedder
    open_s = time.perf_counter() - t
    service = next(d.service for d in lib.documents if d.service)
    data = lib._view.data  # the floor reaches past the Library on purpose

    def floor(q: str) -> None:
        dense_scored(data, emb.encode_query(q), 100, None)
        if (scores := keyword_scores(data, q, None)) is not None:  # None: no word of q is indexed
            top_rows(scores, 100)

    runs = {
        "floor": floor,
        "search": lambda q: lib.search(q, k=8),
        "search_filtered": lambda q: lib.search(q, k=8, service=service),
        "ask_filtered": lambda q: lib.ask(q, k=8, service=service),
        # A broad filter (about a third of the rows): on HNSW it walks the graph with a selector.
        "search_domain": lambda q: lib.search(q, k=8, domain="2"),
    }
    out: dict[str, Any] = {
        "open_s": open_s,
        "rss_open_mb": _rss_mb(),
        "dense_open_s": dense_open_s,
        "dense_rss_mb": dense_rss_mb,
        "dense_kind": data.dense_spec.kind,
        "sentence_vectors": float(data.sentence_vectors is not None),
    }
    for name, fn in runs.items():
        fn(QUESTIONS[0])  # warm
        ms = []
        for i in range(repeats):
            t = time.perf_counter()
            fn(QUESTIONS[i % len(QUESTIONS)])
            ms.append((time.perf_counter() - t) * 1000)
        out[f"{name}_p50"] = statistics.median(ms)
        out[f"{name}_p95"] = float(np.percentile(ms, 95))
        out[f"rss_{name}_mb"] = _rss_mb()
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak (here one with torch).
    hwm = next(ln for ln in Path("/proc/self/status").read_text().splitlines() if ln.startswith("VmHWM"))
    out["peak_rss_mb"] = int(hwm.split()[1]) * 1024 / 1e6
    out["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["torch_loaded"] = float("torch" in sys.modules)  # 1 would mean the ONNX path was not used
    out["dense_read_s"] = out["dense_extend_s"] = 0.0
    if data.dense_spec.approximate:
        # After the peak was read: what an add that removes nothing pays for the graph (read it
        # whole, not mapped, and insert one report's rows).
        t = time.perf_counter()
        full = faiss.read_index(str(vdir / "dense.faiss"))
        out["dense_read_s"] = time.perf_counter() - t
        new = np.random.default_rng(1).standard_normal((PASSAGES_PER_REPORT, 384)).astype(np.float32)
        t = time.perf_counter()
        full.add(new / np.linalg.norm(new, axis=1, keepdims=True))
        out["dense_extend_s"] = time.perf_counter() - t
    return out


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--json", type=Path, help="also write every measurement to this file")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) each size's corpus and index here")
    ap.add_argument(
        "--sentence-vectors",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="store random sentence vectors, as a default build does, so ask reads them instead of "
        "embedding sentences (--no-sentence-vectors: ask embeds them, as an index built without)",
    )
    ap.add_argument("--query-index", type=Path, help=argparse.SUPPRESS)  # the child process
    args = ap.parse_args()
    if args.query_index:
        result = json.dumps(query(args.query_index, args.queries))
        print(f"query process: {result}", file=sys.stderr)
        print(result)
        return
    results = []
    for n in args.sizes:
        if args.keep:
            root = args.keep / (f"{n}-sentences" if args.sentence_vectors else str(n))
            root.mkdir(parents=True, exist_ok=True)
        else:
            root = Path(tempfile.mkdtemp(prefix=f"yjs-bench-scale-{n}-"))
        try:
            built = build(root, n, args.sentence_vectors)
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--query-index",
                    str(root / "index"),
                    "--queries",
                    str(args.queries),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            sys.stderr.write(child.stderr)
            results.append(built | json.loads(child.stdout.strip().splitlines()[-1]))
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)

    if args.json:
        args.json.write_text(json.dumps(results, indent=1), "utf-8")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}, no GPU; load average at the end: {os.getloadavg()[0]:.2f}")
    print(f"command: {' '.join(sys.argv)}; random saved vectors; {args.queries} questions per row")
    threshold = SETTINGS.index.ann_threshold
    print(f"dense index: flat below SETTINGS.index.ann_threshold = {threshold:,} passages, HNSW from it up")
    for r in results:
        if r.get("sentence_vectors"):
            print(
                f"{r['passages']:,.0f} passages: sentence vectors stored (random), sentences.npy "
                f"{r['bytes:sentences.npy'] / 1e6:.0f} MB; ask reads them instead of embedding sentences"
            )
    print()
    print(
        "| passages | dense index | build: ingest + write (of which dense index) "
        "| on disk: vectors / dense.faiss / bm25 / passages | open: index / dense.faiss alone (RSS) "
        "| floor p50 / p95 | search p50 / p95 | filtered search p50 / p95 | filtered ask p50 / p95 "
        "| domain-filtered search p50 / p95 | vectors + metadata | peak RSS (query process, VmHWM) "
        "| goal: <= 2 x |"
    )
    print("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        mb = {k.split(":", 1)[1]: v / 1e6 for k, v in r.items() if k.startswith("bytes:")}
        ratio = r["peak_rss_mb"] / mb["vectors+metadata"]
        print(
            f"| {r['passages']:,.0f} | {r['dense_kind']} "
            f"| {r['ingest_s']:.1f} s + {r['write_s']:.1f} s ({r['dense_s']:.1f} s) "
            f"| {mb['vectors.npy']:.0f} / {mb['dense.faiss']:.0f} / {mb['bm25']:.0f} / "
            f"{mb['passages.jsonl']:.0f} MB "
            f"| {r['open_s']:.1f} s / {r['dense_open_s']:.2f} s ({r['dense_rss_mb']:.0f} MB) "
            f"| {r['floor_p50']:.1f} / {r['floor_p95']:.1f} ms "
            f"| {r['search_p50']:.1f} / {r['search_p95']:.1f} ms "
            f"| {r['search_filtered_p50']:.1f} / {r['search_filtered_p95']:.1f} ms "
            f"| {r['ask_filtered_p50']:.0f} / {r['ask_filtered_p95']:.0f} ms "
            f"| {r['search_domain_p50']:.1f} / {r['search_domain_p95']:.1f} ms "
            f"| {mb['vectors+metadata']:.0f} MB | {r['peak_rss_mb']:.0f} MB ({ratio:.2f} x) "
            f"| {'met' if ratio <= 2 else 'not met'} |"
        )
    print()
    for r in results:
        if r["dense_kind"] != "flat":
            print(
                f"{r['passages']:,.0f} passages, {r['dense_kind']}: an add that removes nothing reads the "
                f"graph whole in {r['dense_read_s']:.1f} s and inserts {PASSAGES_PER_REPORT} rows in "
                f"{r['dense_extend_s']:.2f} s, instead of a {r['dense_s']:.0f} s build"
            )


if __name__ == "__main__":
    main()
