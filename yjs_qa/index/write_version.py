"""The rows of a new version: vectors reused where the text is unchanged, the rest embedded, then written."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from yjs_qa.errors import IndexMismatchError
from yjs_qa.index import store
from yjs_qa.index.embed import Embedder
from yjs_qa.index.sentence_vectors import SENTENCE_DTYPE, SentenceVectors, sentence_offsets
from yjs_qa.index.texts import embedding_text, keyword_text, sentence_texts
from yjs_qa.index.version_data import IndexData
from yjs_qa.ingest.extract.recommendations import extract_recommendations
from yjs_qa.models import Document, FileResult, Passage, Span, UpdateReport
from yjs_qa.ratings import extract_ratings

Progress = Callable[[int, int], None]  # (done, total) while embedding


@dataclass
class Plan:
    """What one update will do, decided before anything is embedded."""

    keep: list[Document] = field(default_factory=list)
    new: dict[str, tuple[Document, list[Passage]]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)
    # Ratings a user set, by document: 'overall' or a standard's code -> a rating ('none' drops one).
    rating_corrections: dict[str, dict[str, str]] = field(default_factory=dict)


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def write_version(
    index_dir: Path,
    old: IndexData | None,
    plan: Plan,
    embedder: Embedder,
    progress: Progress | None,
    sentence_vectors: bool = False,
) -> UpdateReport:
    """Write the version `plan` describes beside `old` (the live one, or None) and publish it."""
    if old is not None and (
        old.manifest.model != embedder.name or old.manifest.dimension != embedder.dimension
    ):
        raise IndexMismatchError(
            index_dir, f"it was built with {old.manifest.model!r}, not {embedder.name!r}"
        )
    kept_names = {d.document for d in plan.keep}
    doc_of = {d.document: d for d in plan.keep} | {n: d for n, (d, _) in plan.new.items()}
    passages: list[Passage] = []
    rows: list[int] = []  # row in the old vectors, or -1 for "embed now"
    reusable: dict[bytes, int] = {}
    old_spans: list[list[Span]] = []  # each old row's sentence spans, to reuse its sentence vectors
    if old is not None:
        old_docs = {d.document: d for d in old.manifest.documents}
        for i, p in enumerate(old.passages):
            if p.document in kept_names:
                passages.append(p)
                rows.append(i)
            reusable.setdefault(_text_key(embedding_text(old_docs[p.document], p)), i)
            old_spans.append(p.sentences)
    for doc, new_passages in plan.new.values():
        for p in new_passages:
            passages.append(p)
            rows.append(reusable.get(_text_key(embedding_text(doc, p)), -1))
    todo = [i for i, r in enumerate(rows) if r < 0]
    matrix = np.zeros((len(passages), embedder.dimension), dtype=np.float32)
    have = [i for i, r in enumerate(rows) if r >= 0]
    if have and old is not None:
        matrix[have] = np.asarray(old.vectors[[rows[i] for i in have]], dtype=np.float32)
    texts = [embedding_text(doc_of[passages[i].document], passages[i]) for i in todo]
    sentences: np.ndarray | None = None
    sentence_rows = np.zeros(0, dtype=np.int64)  # rows of `sentences` embedded now
    if sentence_vectors:
        old_sentences = old.sentence_vectors if old is not None else None
        sentences, sentence_rows, sentence_texts_now = _sentences(
            passages, rows, old_sentences, old_spans, embedder.dimension
        )
        texts += sentence_texts_now
    if texts:
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(texts))

        # Passages and sentences in one call: sorted by length together, batches pad less.
        encoded = embedder.encode(texts, tick)
        matrix[todo] = encoded[: len(todo)]
        if sentences is not None:
            sentences[sentence_rows] = encoded[len(todo) :]
    for doc, new_passages in plan.new.values():
        doc.passages = len(new_passages)
    documents = sorted(doc_of.values(), key=lambda d: d.document)
    # Ratings are read per document: kept documents keep theirs, only new text is read again.
    fresh_docs = [d for d, _ in plan.new.values()]
    fresh = [p for _, ps in plan.new.values() for p in ps]
    read = extract_ratings(fresh_docs, fresh, plan.rating_corrections)
    old_ratings = old.ratings if old is not None else []
    old_recs = old.recommendations if old is not None else []
    ratings = sorted(
        [r for r in old_ratings if r.document in kept_names] + read.ratings, key=lambda r: r.document
    )
    recommendations = sorted(
        [r for r in old_recs if r.document in kept_names] + extract_recommendations(fresh_docs, fresh),
        key=lambda r: r.document,
    )
    old_counts = old.rating_counts if old is not None else []
    counts = sorted(
        [c for c in old_counts if c.document in kept_names] + read.counts, key=lambda c: c.document
    )
    old_statements = old.rating_statements if old is not None else []
    statements = [s for s in old_statements if s.get("document") in kept_names]
    statements += [s.model_dump(mode="json") for s in read.statements]
    version = store.write(
        index_dir,
        documents=documents,
        passages=passages,
        vectors=matrix,
        keyword_texts=[keyword_text(doc_of[p.document], p) for p in passages],
        model=embedder.name,
        dimension=embedder.dimension,
        fingerprint=embedder.fingerprint,
        ratings=ratings,
        recommendations=recommendations,
        rating_counts=counts,
        rating_statements=statements,
        base=old,  # an add that removes nothing extends an HNSW graph instead of rebuilding it
        sentence_vectors=sentences,
    )
    return UpdateReport(
        index_dir=str(index_dir),
        index_version=version,
        files=plan.results,
        passages_total=len(passages),
        embedded=len(todo),
        sentences_embedded=len(sentence_rows),
    )


def _sentences(
    passages: Sequence[Passage],
    rows: Sequence[int],
    old: SentenceVectors | None,
    old_spans: Sequence[Sequence[Span]],
    dimension: int,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The sentence matrix of the new version (float16, one row per span) with the rows of passages
    whose vector is reused copied from `old`, and which rows still need embedding, and their texts.

    A passage reuses its old sentence rows when it reuses its old passage vector (its embedding
    text is unchanged) and its spans are the same; with no old sentence vectors, all are embedded.
    """
    offsets = sentence_offsets(passages)
    out = np.zeros((int(offsets[-1]), dimension), dtype=SENTENCE_DTYPE)
    reuse = [
        i for i, r in enumerate(rows) if old is not None and r >= 0 and old_spans[r] == passages[i].sentences
    ]
    if reuse and old is not None:
        new_at = np.asarray(reuse, dtype=np.int64)
        old_at = np.asarray([rows[i] for i in reuse], dtype=np.int64)
        out[_span_rows(offsets, new_at)] = old.matrix()[_span_rows(old.offsets, old_at)]
    reused = set(reuse)
    fresh = np.asarray([i for i in range(len(passages)) if i not in reused], dtype=np.int64)
    texts = [t for i in fresh for t in sentence_texts(passages[int(i)])]
    return out, _span_rows(offsets, fresh), texts


def _span_rows(offsets: np.ndarray, which: np.ndarray) -> np.ndarray:
    """The sentence rows of passage rows `which`, in order: [offsets[w], offsets[w + 1]) for each."""
    starts = offsets[which]
    counts = offsets[which + 1] - starts
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
