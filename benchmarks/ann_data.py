"""Real-text embeddings for the approximate-search benchmark, computed once and cached.

    python benchmarks/ann_data.py CACHE_DIR [--reports 200] [--held-out 400]

Passages: `--reports` synthetic reports from benchmarks/synth.py (seed 11, re-worded sentences of
the Southend report in HMIP layout, ~118 passages each) plus the shipped corpus, embedded with
all-MiniLM-L6-v2 through sentence-transformers exactly as a build embeds them (`embedding_text`).
Queries: the gold questions of eval/questions.jsonl, and the first sentence of `--held-out` random
passages of further synthetic reports that are not in the index. Writes to CACHE_DIR:

    vectors.npy          float32 [passages, 384]
    groups.json          per passage: document index, service
    queries.npy          float32 [queries, 384]
    queries.json         the query texts and where each came from
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
from synth import generate

from yjs_qa.index.embed import SentenceTransformerEmbedder
from yjs_qa.index.texts import embedding_text
from yjs_qa.ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cache", type=Path)
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--held-out", type=int, default=400)
    args = ap.parse_args()
    cache: Path = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    # Indexed reports and held-out reports come from one generator run, so they differ in place and draw.
    paths = generate(cache / "reports", args.reports + 10, seed=11)
    indexed, held = paths[: args.reports], paths[args.reports :]
    shipped = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix == ".txt")
    texts: list[str] = []
    groups: list[dict[str, object]] = []
    for i, path in enumerate(shipped + indexed):
        doc, passages = ingest(path)
        for p in passages:
            texts.append(embedding_text(doc, p))
            groups.append({"document": i, "service": doc.service})
    rng = random.Random(3)
    held_passages = [(d, p) for path in held for d, ps in [ingest(path)] for p in ps if p.sentences]
    queries = [
        {"text": json.loads(line)["question"], "source": "gold"}
        for line in (ROOT / "eval" / "questions.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    for _, p in rng.sample(held_passages, min(args.held_out, len(held_passages))):
        s = p.sentences[0]
        queries.append({"text": p.text[s.start : s.end], "source": "held-out first sentence"})
    embedder = SentenceTransformerEmbedder()
    t = time.perf_counter()
    vectors = embedder.encode(texts)
    took = time.perf_counter() - t
    qvecs = np.stack([embedder.encode_query(q["text"]) for q in queries])
    np.save(cache / "vectors.npy", vectors.astype(np.float32), allow_pickle=False)
    np.save(cache / "queries.npy", qvecs.astype(np.float32), allow_pickle=False)
    (cache / "groups.json").write_text(json.dumps(groups), "utf-8")
    (cache / "queries.json").write_text(json.dumps(queries, indent=0), "utf-8")
    print(
        f"{len(texts)} passages embedded in {took:.0f} s ({len(texts) / took:.0f}/s), "
        f"{len(queries)} queries -> {cache}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
