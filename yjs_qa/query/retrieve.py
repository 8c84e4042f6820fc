"""Hybrid retrieval: dense (FAISS) and keyword (BM25) search, filtered first, fused by score.

Fusion is a convex combination of the two scores, each min-max normalised over the candidates
(Bruch et al., "An Analysis of Fusion Functions for Hybrid Retrieval", 2023). Unlike reciprocal
rank fusion it keeps how far apart candidates are: a passage the model ranks first by a wide
margin but which shares no word with the question is not buried under passages that are
middling in both lists. On the gold set it raised hybrid hit@5 from 0.887 to 0.900 and recall@10
from 0.787 to 0.814 at the textbook weight of 0.5 (README, "Retrieval quality").
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

import faiss
import numpy as np

from yjs_qa.index.store import IndexData, keyword_tokens

DENSE_WEIGHT = 0.5  # share of the normalised dense score in the fused score; the rest is BM25
CANDIDATE_DEPTH = 100  # how deep each method's list goes before fusion
DEDUP_TOP = 3  # near-duplicates may not share these top positions
SHINGLE_CONTAINMENT = 0.5  # share of the shorter passage's 3-grams found in the longer one
DUPLICATE_COSINE = 0.92
SPREAD_PENALTY = 0.96  # each earlier pick from the same service multiplies a hit's score by this
SPREAD_WINDOW = 50  # how far down the list spreading looks
SPREAD_KEEP = 3  # the top hits are never moved by spreading
# With a filter on an HNSW index, allowed rows that are under this share of the index are scored
# exactly: a graph walk that must skip most nodes misses the ones it looks for (benchmarks/bench_ann.py:
# real-text recall@10 0.95-0.97 with 1-5% of rows allowed, >= 0.996 from 10% up). Up to GATHER_ROWS
# of them are gathered and multiplied; more go through the stored vectors with a selector (at 1M rows
# the selector costs ~2 ms however few rows pass; a larger numpy product goes multi-threaded and
# stalled at ~12 ms under load).
FILTER_GRAPH_SHARE = 0.1
GATHER_ROWS = 1_000
FILTER_EF_MAX = 1024  # a filtered graph search widens efSearch by 1 / (allowed share), up to this


class Mode(StrEnum):
    HYBRID = "hybrid"
    DENSE = "dense"
    KEYWORD = "keyword"


@dataclass
class Hit:
    row: int
    score: float
    dense_rank: int | None = None
    keyword_rank: int | None = None
    dense_score: float = 0.0  # cosine between question and passage
    keyword_score: float = 0.0  # BM25 score, 0 when no word is shared
    sentence_score: float | None = None  # best sentence's cosine, for the passages ask re-ranks
    rerank_score: float | None = None  # a cross-encoder's score, for the hits it re-ordered


@contextmanager
def one_faiss_thread() -> Iterator[None]:
    """FAISS with one OpenMP thread for the calling thread, while the block runs.

    A question is one query vector, which FAISS searches on one thread anyway; the rest of the
    OpenMP team only adds waiting. On 2 busy cores a one-query flat search over 45k vectors took
    2.6 ms with one thread against 24 ms with two (BENCHMARKS.md). OpenMP keeps the
    setting per calling thread, so other threads (a build's HNSW construction) keep theirs.
    """
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def dense_search(data: IndexData, query_vec: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[int]:
    """Rows by inner product with the query, best first, only among allowed rows."""
    return dense_scored(data, query_vec, depth, allowed)[0]


def dense_scored(
    data: IndexData, query_vec: np.ndarray, depth: int, allowed: np.ndarray | None
) -> tuple[list[int], list[float]]:
    """Rows by inner product with the query, best first, with those inner products.

    A flat index answers exactly. An HNSW index answers approximately; with a filter that leaves
    under FILTER_GRAPH_SHARE of the rows, those rows are scored exactly instead, since a graph walk
    that must skip most nodes loses the ones it is looking for.
    """
    n = data.dense.ntotal
    if n == 0:
        return [], []
    q = np.ascontiguousarray(query_vec.reshape(1, -1), dtype=np.float32)
    spec = data.dense_spec
    index, k, params = data.dense, min(depth, n), None
    if allowed is not None:
        rows = np.flatnonzero(allowed).astype(np.int64)
        if rows.size == 0:
            return [], []
        k = min(depth, rows.size)
        if not spec.approximate:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows))  # type: ignore[call-arg]
        elif rows.size <= GATHER_ROWS and rows.size < FILTER_GRAPH_SHARE * n:
            return _exact(data.vectors, rows, q[0], depth)
        else:
            bitmap = np.packbits(np.asarray(allowed, dtype=bool), bitorder="little")
            selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bitmap))
            if rows.size < FILTER_GRAPH_SHARE * n:  # exact, over the vectors the HNSW index stores
                index = faiss.downcast_index(data.dense.storage)  # type: ignore[attr-defined]
                params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            else:
                ef = min(FILTER_EF_MAX, int(max(spec.ef_search, depth) * n / rows.size))
                params = faiss.SearchParametersHNSW(efSearch=ef, sel=selector)  # type: ignore[attr-defined]
    elif spec.approximate:
        params = faiss.SearchParametersHNSW(efSearch=max(spec.ef_search, depth))  # type: ignore[attr-defined]
    with one_faiss_thread():
        scores, ids = index.search(q, k) if params is None else index.search(q, k, params=params)
    keep = ids[0] >= 0
    return [int(i) for i in ids[0][keep]], [float(x) for x in scores[0][keep]]


def exact_rows(vectors: np.ndarray, rows: np.ndarray, q: np.ndarray, depth: int) -> list[int]:
    """The `depth` rows (of `rows`, ascending) with the largest inner product with q, best first."""
    return _exact(vectors, rows, q, depth)[0]


def _exact(vectors: np.ndarray, rows: np.ndarray, q: np.ndarray, depth: int) -> tuple[list[int], list[float]]:
    scores = np.asarray(vectors[rows], dtype=np.float32) @ q
    top = np.argpartition(-scores, depth - 1)[:depth] if scores.size > depth else np.arange(scores.size)
    order = top[np.lexsort((rows[top], -scores[top]))]
    return [int(r) for r in rows[order]], [float(x) for x in scores[order]]


def keyword_scores(data: IndexData, query: str, allowed: np.ndarray | None) -> np.ndarray | None:
    """BM25 score of every row (0 for rows not allowed); None when no query word is indexed."""
    vocab = data.keyword.vocab_dict
    tokens = [t for t in keyword_tokens([query])[0] if t in vocab]
    if not tokens:
        return None
    scores = np.asarray(data.keyword.get_scores(tokens), dtype=np.float32)
    return scores if allowed is None else np.where(allowed, scores, 0.0)


def keyword_search(data: IndexData, query: str, depth: int, allowed: np.ndarray | None) -> list[int]:
    """Rows by BM25 score, best first, only rows that share a term with the query."""
    scores = keyword_scores(data, query, allowed)
    return [] if scores is None else _top(scores, depth)


def _top(scores: np.ndarray, depth: int) -> list[int]:
    positive = np.flatnonzero(scores > 0)
    top = positive[np.argsort(-scores[positive], kind="stable")][:depth]
    return [int(i) for i in top]


def _minmax(x: np.ndarray) -> np.ndarray:
    span = float(x.max() - x.min()) if x.size else 0.0
    return (x - x.min()) / span if span > 0 else np.zeros_like(x)


def fuse(
    dense: list[int],
    keyword: list[int],
    dense_scores: np.ndarray,
    keyword_scores: np.ndarray,
    weight: float = DENSE_WEIGHT,
) -> list[Hit]:
    """Convex fusion of two ranked lists: `weight` x dense + (1 - weight) x keyword, normalised.

    `dense_scores` and `keyword_scores` hold each candidate's two scores, candidates being the
    rows of `dense` then the rows of `keyword` not already in it, in that order. A list that is
    empty (a mode that skips it, or no shared word) leaves the other's order as it is.
    """
    rows = list(dict.fromkeys(dense + keyword))
    if not rows:
        return []
    parts = []
    if dense:
        parts.append((weight, _minmax(dense_scores)))
    if keyword:
        parts.append((1.0 - weight, _minmax(keyword_scores)))
    total = sum(w for w, _ in parts)
    fused = sum((w / total) * x for w, x in parts)
    d_rank = {r: i for i, r in enumerate(dense, 1)}
    k_rank = {r: i for i, r in enumerate(keyword, 1)}
    hits = [
        Hit(r, float(f), d_rank.get(r), k_rank.get(r), float(ds), float(ks))
        for r, f, ds, ks in zip(rows, np.atleast_1d(fused), dense_scores, keyword_scores, strict=True)
    ]
    return sorted(hits, key=lambda h: (-h.score, h.row))


def search(
    data: IndexData,
    query: str,
    query_vec: np.ndarray | None,
    *,
    mode: Mode = Mode.HYBRID,
    allowed: np.ndarray | None = None,
    depth: int = CANDIDATE_DEPTH,
    keyword_query: str | None = None,
) -> list[Hit]:
    """Ranked hits for `query` among `allowed` rows (all rows if None).

    `keyword_query`, if given, is what BM25 searches for instead of `query` (an expanded question).
    """
    dense, dense_cos = (
        dense_scored(data, query_vec, depth, allowed)
        if mode != Mode.KEYWORD and query_vec is not None
        else ([], [])
    )
    bm25 = keyword_scores(data, keyword_query or query, allowed) if mode != Mode.DENSE else None
    keyword = [] if bm25 is None else _top(bm25, depth)
    rows = list(dict.fromkeys(dense + keyword))
    if not rows:
        return []
    # Both scores for every candidate: dense search gave its own rows' cosines; keyword-only rows are
    # read row by row (pread: fancy-indexing the mapping would fault large blocks of it into memory).
    known = dict(zip(dense, dense_cos, strict=True))
    cos = [
        known[r] if r in known else (float(data.vector(r) @ query_vec) if query_vec is not None else 0.0)
        for r in rows
    ]
    kw = bm25[np.asarray(rows, dtype=np.int64)] if bm25 is not None else np.zeros(len(rows))
    return fuse(dense, keyword, np.asarray(cos, dtype=np.float32), np.asarray(kw, dtype=np.float32))


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def near_duplicate(a_text: str, b_text: str, a_vec: np.ndarray, b_vec: np.ndarray) -> bool:
    """Same content twice: mostly the same word 3-grams, or near-identical embeddings."""
    if float(np.dot(a_vec, b_vec)) >= DUPLICATE_COSINE:
        return True
    a, b = _shingles(a_text), _shingles(b_text)
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SHINGLE_CONTAINMENT


def diversify(data: IndexData, hits: list[Hit], top: int = DEDUP_TOP) -> list[Hit]:
    """Keep near-duplicates (a press release repeating its report) out of the top positions.

    A duplicate is not dropped: it moves down to just below the first `top` distinct hits. Everything
    below keeps the order it came in (which spreading may have set).
    """
    head: list[tuple[Hit, str, np.ndarray]] = []  # each kept hit with its text and vector, read once
    for hit in hits:
        if len(head) >= top:
            break
        text = data.passages[hit.row].text
        vec = data.vector(hit.row)
        if not any(near_duplicate(text, t, vec, v) for _, t, v in head):
            head.append((hit, text, vec))
    kept = [h for h, _, _ in head]
    chosen = {id(h) for h in kept}
    return kept + [h for h in hits if id(h) not in chosen]


def apply_boost(hits: list[Hit], boost: np.ndarray | None) -> list[Hit]:
    """Multiply each hit's fused score by its row's boost, and re-rank."""
    if boost is None:
        return hits
    for hit in hits:
        hit.score *= float(boost[hit.row])
    return sorted(hits, key=lambda h: (-h.score, h.row))


def spread(hits: list[Hit], group_of: list[str | None], penalty: float = SPREAD_PENALTY) -> list[Hit]:
    """Re-rank so that one service does not fill the top when others have evidence (greedy MMR).

    A hit's score is discounted by `penalty` for each hit of its service already placed above it.
    """
    # The best few stay where they are: spreading should add breadth below them, not displace them.
    placed = hits[:SPREAD_KEEP]
    window, rest = hits[SPREAD_KEEP:SPREAD_WINDOW], hits[SPREAD_WINDOW:]
    counts: dict[str | None, int] = {}
    for h in placed:
        counts[group_of[h.row]] = counts.get(group_of[h.row], 0) + 1
    # A service's hits share one discount, so only each service's best remaining hit can be picked
    # next: one queue per service, best first, instead of rescoring the whole window at every pick.
    queues: dict[str | None, deque[Hit]] = {}
    for h in sorted(window, key=lambda h: (-h.score, h.row)):
        queues.setdefault(group_of[h.row], deque()).append(h)

    def discounted(group: str | None) -> tuple[float, int]:
        head = queues[group][0]
        return head.score * penalty ** counts.get(group, 0), -head.row

    while queues:
        group = max(queues, key=discounted)
        placed.append(queues[group].popleft())
        if not queues[group]:
            del queues[group]
        counts[group] = counts.get(group, 0) + 1
    return placed + rest
