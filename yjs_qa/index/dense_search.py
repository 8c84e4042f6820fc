"""Dense search: inner product with the question over FAISS, exact or HNSW, filtered first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import faiss
import numpy as np

from yjs_qa.index.version_data import IndexData
from yjs_qa.settings import SETTINGS

# Thresholds (SETTINGS.index, read at call time): with a filter on an HNSW index, allowed rows under
# filter_graph_share of the index are scored exactly, since a graph walk that must skip most nodes
# misses the ones it looks for; up to gather_rows of them are gathered and multiplied, more go through
# the stored vectors with a selector; a filtered graph search widens efSearch up to filter_ef_max.


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


def dense_scored(
    data: IndexData, query_vec: np.ndarray, depth: int, allowed: np.ndarray | None
) -> tuple[list[int], list[float]]:
    """Rows by inner product with the query, best first, with those inner products.

    A flat index answers exactly. An HNSW index answers approximately; with a filter that leaves
    under SETTINGS.index.filter_graph_share of the rows, those rows are scored exactly instead, since
    a graph walk that must skip most nodes loses the ones it is looking for.
    """
    n = data.dense.ntotal
    limits = SETTINGS.index
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
        elif rows.size <= limits.gather_rows and rows.size < limits.filter_graph_share * n:
            return exact(data.vectors, rows, q[0], depth)
        else:
            bitmap = np.packbits(np.asarray(allowed, dtype=bool), bitorder="little")
            selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bitmap))
            if rows.size < limits.filter_graph_share * n:  # exact, over the vectors the HNSW index stores
                index = faiss.downcast_index(data.dense.storage)  # type: ignore[attr-defined]
                params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            else:
                ef = min(limits.filter_ef_max, int(max(spec.ef_search, depth) * n / rows.size))
                params = faiss.SearchParametersHNSW(efSearch=ef, sel=selector)  # type: ignore[attr-defined]
    elif spec.approximate:
        params = faiss.SearchParametersHNSW(efSearch=max(spec.ef_search, depth))  # type: ignore[attr-defined]
    with one_faiss_thread():
        scores, ids = index.search(q, k) if params is None else index.search(q, k, params=params)
    keep = ids[0] >= 0
    return [int(i) for i in ids[0][keep]], [float(x) for x in scores[0][keep]]


def exact(vectors: np.ndarray, rows: np.ndarray, q: np.ndarray, depth: int) -> tuple[list[int], list[float]]:
    """The `depth` rows (of `rows`, ascending) with the largest inner product with q, best first,
    with those inner products."""
    scores = np.asarray(vectors[rows], dtype=np.float32) @ q
    top = np.argpartition(-scores, depth - 1)[:depth] if scores.size > depth else np.arange(scores.size)
    order = top[np.lexsort((rows[top], -scores[top]))]
    return [int(r) for r in rows[order]], [float(x) for x in scores[order]]
