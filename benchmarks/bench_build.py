"""Benchmark building an index step by step, each against direct encoding measured in the same run.

    .venv/bin/python benchmarks/bench_build.py [--corpus corpus] [--repeats 2]

Rows (medians of --repeats, the steps interleaved so a busy moment hits them all alike):
- ingest: parse, clean, chunk and tag every file, no embedding.
- encode, torch, corpus order: sentence-transformers on the passage texts as they come (batch 32).
- encode, torch, sorted by length: what the index uses (less padding in each batch).
- encode, ONNX, sorted by length: the index's ONNX export through onnxruntime, same batches.
- write: store.write of a version (passages, vectors, FAISS, BM25, manifest, fsync).
- ONNX export: once per model fingerprint (torch.onnx.export, external data, probe check).
- encode passages + sentences: what a build with sentence vectors (the default) embeds.
- build, rebuild: Library.build into a fresh index (includes the one-time export), and
  --rebuild of it (export reused), with sentence vectors (the default) and without; the baseline
  is "encode, torch, sorted" (the passages alone).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from yjs_qa import Library, SentenceTransformerEmbedder
from yjs_qa.index import store
from yjs_qa.index.apply_update import discover
from yjs_qa.index.onnx_embed import OnnxEmbedder, export_dir
from yjs_qa.index.onnx_export import export
from yjs_qa.index.texts import embedding_text, keyword_text, sentence_texts
from yjs_qa.ingest.pipeline import ingest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()

    load = os.getloadavg()[0]
    st = SentenceTransformerEmbedder()
    tmp = Path(tempfile.mkdtemp(prefix="yjs-bench-build-"))
    times: dict[str, list[float]] = {}

    def timed(name: str, fn: Callable[[], object]) -> object:
        t = time.perf_counter()
        out = fn()
        times.setdefault(name, []).append(time.perf_counter() - t)
        return out

    try:
        files, _ = discover(Path(args.corpus))
        pairs = [ingest(f) for f in files]
        docs = [d for d, _ in pairs]
        passages = [p for d, ps in pairs for p in ps]
        doc_of = {d.document: d for d in docs}
        texts = [embedding_text(doc_of[p.document], p) for p in passages]
        sentences = [t for p in passages for t in sentence_texts(p)]
        st.encode(texts[:8])  # warm up
        export(st, export_dir(tmp / "warm", st.fingerprint))  # warm torch's exporter too
        onnx = OnnxEmbedder(export_dir(tmp / "warm", st.fingerprint))
        onnx.encode(texts[:8])
        vectors = st.encode(texts)
        for r in range(args.repeats):
            timed("ingest", lambda: [ingest(f) for f in files])
            timed(
                "encode, torch, corpus order",
                lambda: st.model.encode(texts, batch_size=32, normalize_embeddings=True),
            )
            timed("encode, torch, sorted by length", lambda: st.encode(texts))
            timed("encode, ONNX, sorted by length", lambda: onnx.encode(texts))
            timed(
                "write (FAISS, BM25, files)",
                lambda: store.write(
                    tmp / "w",
                    documents=docs,
                    passages=passages,
                    vectors=vectors,
                    keyword_texts=[keyword_text(doc_of[p.document], p) for p in passages],
                    model=st.name,
                    dimension=st.dimension,
                    fingerprint=st.fingerprint,
                ),
            )
            timed("encode passages + sentences, torch, sorted", lambda: st.encode(texts + sentences))
            xdir, index = export_dir(tmp / f"x{r}", st.fingerprint), tmp / f"index{r}"
            timed("ONNX export (once per model)", lambda x=xdir: export(st, x))  # type: ignore[misc]
            first = "build (first: includes the export; sentence vectors, the default)"
            timed(first, lambda i=index: Library.build(args.corpus, i, embedder=st))  # type: ignore[misc]
            again = "rebuild (export reused; sentence vectors)"
            timed(again, lambda i=index: Library.build(args.corpus, i, embedder=st, rebuild=True))  # type: ignore[misc]
            plain = tmp / f"plain{r}"
            timed(
                "build --no-sentence-vectors (first: includes the export)",
                lambda i=plain: Library.build(args.corpus, i, embedder=st, sentence_vectors=False),  # type: ignore[misc]
            )
            timed(
                "rebuild --no-sentence-vectors (export reused)",
                lambda i=plain: Library.build(args.corpus, i, embedder=st, rebuild=True),  # type: ignore[misc]
            )
        check = onnx.encode(texts)
        cos = float((check * vectors).sum(axis=1).min())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["encode, torch, sorted by length"]
    n = len(texts)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}, no GPU; load average before: {load:.2f}")
    print(
        f"corpus: {args.corpus}, {len(docs)} documents, {n} passages, {len(sentences)} sentences; "
        f"median of {args.repeats}"
    )
    print(f"torch threads: {_torch_threads()}; ONNX vs torch vectors: min cosine {cos:.6f}")
    print()
    print("| step | time | passages/s | x baseline (encode, torch, sorted) |")
    print("|---|---:|---:|---:|")
    for name, t in med.items():
        rate = f"{n / t:.1f}" if name.startswith(("encode", "build", "rebuild")) else ""
        print(f"| {name} | {t:.2f} s | {rate} | {t / base:.2f} |")


def _torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
