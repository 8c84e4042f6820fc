"""Benchmark the core paths against baselines measured in the same run.

    .venv/bin/python benchmarks/bench_core.py [--corpus corpus] [--repeats 30]

Rows:
- build: Library.build of the corpus (parse, tag, embed, write) vs encoding the same passage
  texts directly with the model (the floor: embedding dominates).
- ask (warm): Library.ask vs its floor, one query embedding + one FAISS search + one BM25 search.
- search (warm): Library.search (hybrid, no sentence scoring) vs the same floor.
Absolute times vary on these machines; read the ratio column.
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

from yjs_qa import Library, SentenceTransformerEmbedder
from yjs_qa.retrieve import dense_search, keyword_search
from yjs_qa.update import embedding_text

FLOOR = "embed + FAISS + BM25"
QUESTIONS = [
    "what did inspectors say about contingency planning?",
    "how well did the service work with victims?",
    "speech, language and communication needs",
    "management oversight of risk of harm",
    "were children in custody visited?",
]


def median_ms(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for i in range(repeats):
        t = time.perf_counter()
        fn(QUESTIONS[i % len(QUESTIONS)])
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args()

    embedder = SentenceTransformerEmbedder()
    embedder.encode(["warm up the model so the first timed call is not paying for it"] * 8)
    tmp = Path(tempfile.mkdtemp(prefix="yjs-bench-"))
    try:
        t = time.perf_counter()
        lib = Library.build(args.corpus, tmp / "index", embedder=embedder)
        build_s = time.perf_counter() - t
        docs = {d.document: d for d in lib.documents}
        texts = [embedding_text(docs[p.document], p) for p in lib.passages]
        t = time.perf_counter()
        embedder.encode(texts)
        encode_s = time.perf_counter() - t

        warm: dict[str, tuple[float, float, float, float]] = {}
        # The shipped query path (the index's ONNX export), then sentence-transformers as before.
        for name, qlib in (("ONNX", Library.open(tmp / "index")), ("torch", lib)):
            qemb = qlib.embedder
            data = qlib._data  # the floor reaches past the Library on purpose

            def floor(q: str, qemb: object = qemb, data: object = data) -> None:
                vec = qemb.encode_query(q)  # type: ignore[attr-defined]
                dense_search(data, vec, 100, None)  # type: ignore[arg-type]
                keyword_search(data, q, 100, None)  # type: ignore[arg-type]

            floor(QUESTIONS[0])  # warm up
            qlib.ask(QUESTIONS[0])
            warm[name] = (
                median_ms(floor, args.repeats),
                median_ms(lambda q, ql=qlib: ql.search(q, k=8), args.repeats),  # type: ignore[misc]
                median_ms(lambda q, ql=qlib: ql.ask(q, k=8), args.repeats),  # type: ignore[misc]
                median_ms(lambda q, ql=qlib: ql.ask(q, k=8, service="southend"), args.repeats),  # type: ignore[misc]
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = len(lib.passages)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"corpus: {args.corpus}, {len(docs)} documents, {n} passages; repeats {args.repeats}")
    print()
    rows = [
        (
            "build (whole pipeline, first: includes the one-time ONNX export)",
            f"{build_s:.2f} s",
            "encode same texts directly",
            f"{encode_s:.2f} s",
            build_s / encode_s,
        ),
    ]
    for name, (floor_ms, search_ms, ask_ms, filtered_ms) in warm.items():
        base = f"{FLOOR} ({name})"
        rows += [
            (
                f"search, warm, hybrid ({name})",
                f"{search_ms:.1f} ms",
                base,
                f"{floor_ms:.1f} ms",
                search_ms / floor_ms,
            ),
            (f"ask, warm ({name})", f"{ask_ms:.1f} ms", base, f"{floor_ms:.1f} ms", ask_ms / floor_ms),
            (
                f"ask, warm, --service filter ({name})",
                f"{filtered_ms:.1f} ms",
                base,
                f"{floor_ms:.1f} ms",
                filtered_ms / floor_ms,
            ),
        ]
    print("| what | time | baseline (same run) | baseline time | ratio |")
    print("|---|---:|---|---:|---:|")
    for what, t, base, bt, ratio in rows:
        print(f"| {what} | {t} | {base} | {bt} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
