"""Benchmark the core paths against baselines measured in the same run.

    .venv/bin/python benchmarks/bench_core.py [--corpus corpus] [--repeats 30] [--build-repeats 1]
        [--no-sentence-vectors]

Rows:
- build: Library.build of the corpus (parse, tag, embed, write) vs encoding the same passage
  texts directly with the model (the floor: embedding dominates). The first build of an index
  includes the one-time ONNX export; a rebuild (--rebuild, export reused) does not.
- build with sentence vectors (`sentence_vectors=True`): the same, embedding every sentence too,
  against the same passage-only baseline (and against encoding passages and sentences directly).
- ask (warm): Library.ask vs its floor, one query embedding + one FAISS search + one BM25 search;
  on an index without sentence vectors (sentences embedded per question) and with them.
- search (warm): Library.search (hybrid, no sentence scoring) vs the same floor.
Absolute times vary on these machines; read the ratio column. Builds and their baselines are
interleaved (medians of --build-repeats); each index's warm questions interleave the floor, search
and ask on the same question in rotating order (medians of --repeats), so a change in the machine's
load falls on both sides of each ratio.
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

from yjs_qa import Library, SentenceTransformerEmbedder
from yjs_qa.index.dense_search import dense_scored
from yjs_qa.index.keyword import keyword_scores, top_rows
from yjs_qa.index.texts import embedding_text, sentence_texts

FLOOR = "embed + FAISS + BM25"
QUESTIONS = [
    "what did inspectors say about contingency planning?",
    "how well did the service work with victims?",
    "speech, language and communication needs",
    "management oversight of risk of harm",
    "were children in custody visited?",
]


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def warm_runs(qlib: Library) -> dict[str, Callable[[str], object]]:
    """Floor, search, ask and filtered ask through qlib's query embedder, warmed up."""
    qemb = qlib.embedder
    data = qlib._view.data  # the floor reaches past the Library on purpose

    def floor(q: str) -> None:
        vec = qemb.encode_query(q)
        dense_scored(data, vec, 100, None)
        if (scores := keyword_scores(data, q, None)) is not None:  # None: no word of q is indexed
            top_rows(scores, 100)

    runs: dict[str, Callable[[str], object]] = {
        "floor": floor,
        "search": lambda q: qlib.search(q, k=8),
        "ask": lambda q: qlib.ask(q, k=8),
        "filtered": lambda q: qlib.ask(q, k=8, service="southend"),
    }
    for fn in runs.values():
        fn(QUESTIONS[0])
    return runs


def interleaved_ms(
    runs: dict[str, dict[str, Callable[[str], object]]], repeats: int
) -> dict[str, dict[str, float]]:
    """Median ms of each run: one index at a time, its kinds (floor, search, ask...) interleaved.

    Each repeat takes the next question and rotates the kinds' order, so none always runs first on
    a new question. Indexes are not interleaved with each other: an ask that embeds ~20 sentences
    leaves onnxruntime's buffers and caches in a state that slowed whatever ran next on the other
    index (search read slower than ask that way).
    """
    times: dict[str, dict[str, list[float]]] = {n: {k: [] for k in r} for n, r in runs.items()}
    for name, fns in runs.items():
        kinds = list(fns)
        for i in range(repeats):
            q = QUESTIONS[i % len(QUESTIONS)]
            for kind in kinds[i % len(kinds) :] + kinds[: i % len(kinds)]:
                t = time.perf_counter()
                fns[kind](q)
                times[name][kind].append((time.perf_counter() - t) * 1000)
    return {n: {k: statistics.median(v) for k, v in r.items()} for n, r in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--build-repeats", type=int, default=1, help="builds of each kind (median)")
    ap.add_argument(
        "--no-sentence-vectors",
        action="store_true",
        help="skip the rows for an index built with sentence vectors",
    )
    args = ap.parse_args()
    with_sentences = not args.no_sentence_vectors

    embedder = SentenceTransformerEmbedder()
    embedder.encode(["warm up the model so the first timed call is not paying for it"] * 8)
    tmp = Path(tempfile.mkdtemp(prefix="yjs-bench-"))
    times: dict[str, list[float]] = {}
    try:
        plain, sv = tmp / "index", tmp / "index-sentences"
        for r in range(args.build_repeats):
            if r:  # a first build again: the ONNX export is paid once per index folder
                shutil.rmtree(plain)
                shutil.rmtree(sv, ignore_errors=True)
            times.setdefault("first", []).append(
                timed(lambda: Library.build(args.corpus, plain, embedder=embedder, sentence_vectors=False))
            )
            lib = Library.open(plain, embedder=embedder)
            docs = {d.document: d for d in lib.documents}
            texts = [embedding_text(docs[p.document], p) for p in lib.passages]
            sentences = [t for p in lib.passages for t in sentence_texts(p)]
            steps: list[tuple[str, Callable[[], object]]] = [("encode", lambda t=texts: embedder.encode(t))]
            if with_sentences:
                steps += [
                    (
                        "first, sentence vectors",
                        lambda: Library.build(args.corpus, sv, embedder=embedder, sentence_vectors=True),
                    ),
                    ("encode both", lambda t=texts + sentences: embedder.encode(t)),
                ]
            # Rebuilds reuse the ONNX export (and keep the setting: plain stays without sentence vectors).
            steps.append(
                (
                    "rebuild",
                    lambda: Library.build(args.corpus, plain, embedder=embedder, rebuild=True),
                )  # stays off
            )
            if with_sentences:
                steps.append(
                    (
                        "rebuild, sentence vectors",
                        lambda: Library.build(args.corpus, sv, embedder=embedder, rebuild=True),
                    )
                )
            for name, fn in steps:
                times.setdefault(name, []).append(timed(fn))

        # The shipped query path (the index's ONNX export), then sentence-transformers as before.
        # One index after another, and the two paths apart too: onnxruntime's and torch's
        # thread pools spin after each call, and would slow whichever runs next.
        warm: dict[str, dict[str, float]] = {}
        for backend, qemb in (("ONNX", None), ("torch", embedder)):
            folders = [(f"{backend}, no sentence vectors", plain)]
            folders += [(f"{backend}, sentence vectors", sv)] if with_sentences else []
            runs = {name: warm_runs(Library.open(folder, embedder=qemb)) for name, folder in folders}
            warm |= interleaved_ms(runs, args.repeats)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    builds = {k: statistics.median(v) for k, v in times.items() if not k.startswith("encode")}
    encode_s = statistics.median(times["encode"])

    n = len(lib.passages)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"corpus: {args.corpus}, {len(docs)} documents, {n} passages, {len(sentences)} sentences; "
        f"repeats {args.repeats}, builds {args.build_repeats}; "
        f"load average at the end: {os.getloadavg()[0]:.2f}"
    )
    print()
    labels = {
        "first": "build --no-sentence-vectors (first: includes the one-time ONNX export)",
        "first, sentence vectors": "build with sentence vectors, the default (first: includes the export)",
        "rebuild": "rebuild --no-sentence-vectors (export reused)",
        "rebuild, sentence vectors": "rebuild with sentence vectors (export reused)",
    }
    base = "encode same passage texts directly"
    rows = [(labels[k], f"{t:.2f} s", base, f"{encode_s:.2f} s", t / encode_s) for k, t in builds.items()]
    if with_sentences:
        encode_both_s = statistics.median(times["encode both"])
        rows.append(
            (
                labels["rebuild, sentence vectors"],
                f"{builds['rebuild, sentence vectors']:.2f} s",
                f"encode passages and their {len(sentences)} sentences directly",
                f"{encode_both_s:.2f} s",
                builds["rebuild, sentence vectors"] / encode_both_s,
            )
        )
    for name, ms in warm.items():
        floor_ms, search_ms, ask_ms, filtered_ms = ms["floor"], ms["search"], ms["ask"], ms["filtered"]
        floor_name = f"{FLOOR} ({name})"
        rows += [
            (
                f"search, warm, hybrid ({name})",
                f"{search_ms:.1f} ms",
                floor_name,
                f"{floor_ms:.1f} ms",
                search_ms / floor_ms,
            ),
            (f"ask, warm ({name})", f"{ask_ms:.1f} ms", floor_name, f"{floor_ms:.1f} ms", ask_ms / floor_ms),
            (
                f"ask, warm, --service filter ({name})",
                f"{filtered_ms:.1f} ms",
                floor_name,
                f"{floor_ms:.1f} ms",
                filtered_ms / floor_ms,
            ),
        ]
    print("| what | time | baseline (same run) | baseline time | ratio |")
    print("|---|---:|---|---:|---:|")
    for what, t, baseline, bt, ratio in rows:
        print(f"| {what} | {t} | {baseline} | {bt} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
