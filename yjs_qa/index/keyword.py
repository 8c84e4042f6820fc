"""Keyword search: BM25 over stemmed tokens (bm25s), filtered first."""

from __future__ import annotations

import bm25s
import numpy as np
from Stemmer import Stemmer

from yjs_qa.index.version_data import IndexData

_stemmer = Stemmer("english")


def keyword_tokens(texts: list[str]) -> list[list[str]]:
    """Tokens for BM25: lower-cased, English stop words removed, Snowball-stemmed."""
    tokens = bm25s.tokenize(
        texts, lower=True, stopwords="en", stemmer=_stemmer, return_ids=False, show_progress=False
    )
    return [list(t) for t in tokens]


def keyword_scores(data: IndexData, query: str, allowed: np.ndarray | None) -> np.ndarray | None:
    """BM25 score of every row (0 for rows not allowed); None when no query word is indexed."""
    vocab = data.keyword.vocab_dict
    tokens = [t for t in keyword_tokens([query])[0] if t in vocab]
    if not tokens:
        return None
    scores = np.asarray(data.keyword.get_scores(tokens), dtype=np.float32)
    return scores if allowed is None else np.where(allowed, scores, 0.0)


def top_rows(scores: np.ndarray, depth: int) -> list[int]:
    positive = np.flatnonzero(scores > 0)
    top = positive[np.argsort(-scores[positive], kind="stable")][:depth]
    return [int(i) for i in top]
