"""Sentence evidence: each top passage's sentences scored against the question.

The same scores choose the answer's sentences (compose) and re-rank the top passages (rank): a passage
whose best sentence answers the question closely moves up, since a question is usually answered by one
sentence, not a whole paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yjs_qa.index.embed import Embedder
from yjs_qa.models import Passage, SectionKind, Span
from yjs_qa.settings import SETTINGS

# Rating lines and tables: a sentence cannot judge them ("Planning: Good" is close to nothing).
UNJUDGED_KINDS = frozenset({SectionKind.RATING})


@dataclass(frozen=True)
class ScoredSentence:
    passage_id: str
    span: Span
    text: str
    similarity: float  # cosine to the question


def score_sentences(
    question_vec: np.ndarray,
    pool: Sequence[Passage],
    embedder: Embedder,
    stored: Sequence[np.ndarray] | None = None,
) -> list[ScoredSentence]:
    """Every sentence of the pooled passages that is long enough to answer, with its similarity.

    `stored`, when given, holds each pooled passage's sentence vectors (one row per span, as the
    index stores them); otherwise the sentences are embedded now, with `embedder`.
    """
    min_words = SETTINGS.query.min_sentence_words
    candidates: list[tuple[str, Span, str]] = []
    picked: list[np.ndarray] = []
    for j, p in enumerate(pool):
        for i, span in enumerate(p.sentences):
            text = p.text[span.start : span.end]
            if len(text.split()) >= min_words:
                candidates.append((p.id, span, text))
                if stored is not None:
                    picked.append(stored[j][i])
    if not candidates:
        return []
    vectors = np.stack(picked) if stored is not None else embedder.encode([c[2] for c in candidates])
    sims = vectors @ question_vec
    return [ScoredSentence(i, span, t, float(s)) for (i, span, t), s in zip(candidates, sims, strict=True)]


def best_similarity(scored: Sequence[ScoredSentence]) -> dict[str, float]:
    """Each passage's best sentence similarity."""
    best: dict[str, float] = {}
    for s in scored:
        best[s.passage_id] = max(best.get(s.passage_id, -1.0), s.similarity)
    return best


def sentence_evidence(best: Sequence[float | None], unjudged: Sequence[bool]) -> list[float]:
    """Each pooled passage's sentence evidence: its best sentence's cosine, except that a passage
    sentences cannot judge (`unjudged`) takes the pool's best prose score, so it competes on its
    passage score alone."""
    prose = [b or 0.0 for b, u in zip(best, unjudged, strict=True) if not u]
    top = max(prose, default=0.0)
    return [top if u else (b or 0.0) for b, u in zip(best, unjudged, strict=True)]


def rerank_scores(fused: Sequence[float], best_sentence: Sequence[float]) -> list[float]:
    """Passage and best-sentence evidence combined: fused score (scaled to the pool's top) + cosine.

    Measured on the gold set (docs/retrieval-quality.md): MRR@10 0.765 -> 0.797 for ask's ranking.
    """
    top = max(fused, default=0.0) or 1.0
    return [f / top + s for f, s in zip(fused, best_sentence, strict=True)]
