"""Benchmark: adding one report to an index of N reports costs about what embedding it alone costs.

    .venv/bin/python benchmarks/bench_add.py [--reports 100] [--repeats 3]

The base index holds N synthetic reports (benchmarks/synth.py), parsed and tagged for real. Its
vectors are random unit vectors written straight to the index (saved vectors stand in for an hour
of embedding; they do not change what an add costs). Then one new report is added with the real
model, and compared with encoding that report's passages directly, in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from synth import generate

from yjs_qa import Library, SentenceTransformerEmbedder
from yjs_qa.index import onnx_export, store
from yjs_qa.index.texts import embedding_text, keyword_text
from yjs_qa.ingest.pipeline import ingest


def base_index(index: Path, reports: list[Path], embedder: SentenceTransformerEmbedder) -> int:
    docs, passages = [], []
    for path in reports:
        doc, ps = ingest(path)
        docs.append(doc)
        passages.extend(ps)
    by_name = {d.document: d for d in docs}
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((len(passages), embedder.dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.write(
        index,
        documents=docs,
        passages=passages,
        vectors=vectors,
        keyword_texts=[keyword_text(by_name[p.document], p) for p in passages],
        model=embedder.name,
        dimension=embedder.dimension,
        fingerprint=embedder.fingerprint,
    )
    onnx_export.ensure(index, embedder)  # as a real build would: the adds then reuse it
    return len(passages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    embedder = SentenceTransformerEmbedder()
    embedder.encode(["warm up the model before timing"] * 8)
    tmp = Path(tempfile.mkdtemp(prefix="yjs-bench-add-"))
    try:
        reports = generate(tmp / "corpus", args.reports + args.repeats, seed=11)
        base, extra = reports[: args.reports], reports[args.reports :]
        n_base = base_index(tmp / "index", base, embedder)
        add_s, encode_s, added = [], [], []
        for path in extra:
            doc, passages = ingest(path)
            texts = [embedding_text(doc, p) for p in passages]
            t = time.perf_counter()
            embedder.encode(texts)
            encode_s.append(time.perf_counter() - t)
            lib = Library.open(tmp / "index", embedder=embedder)
            t = time.perf_counter()
            report = lib.add([path])
            add_s.append(time.perf_counter() - t)
            added.append(report.embedded)
        size = sum(f.stat().st_size for f in (tmp / "index").rglob("*") if f.is_file())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    add_m, enc_m = statistics.median(add_s), statistics.median(encode_s)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"base index: {args.reports} synthetic reports, {n_base} passages, random saved vectors; "
        f"{args.repeats} adds of one new report ({statistics.median(added):.0f} passages each); medians"
    )
    print(f"index on disk after the adds: {size / 1e6:.1f} MB")
    print()
    print("| what | time | baseline (same run) | baseline time | ratio |")
    print("|---|---:|---|---:|---:|")
    print(
        f"| add one report (parse, embed, write new version) | {add_m:.2f} s "
        f"| encode its passages directly | {enc_m:.2f} s | {add_m / enc_m:.2f} |"
    )


if __name__ == "__main__":
    main()
