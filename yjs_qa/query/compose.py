"""Compose an answer: the sentences of the top passages that best answer the question, cited.

The same sentence scores re-rank those top passages: a passage whose best sentence answers the
question closely moves up, since the question is usually answered by one sentence, not a whole
paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yjs_qa.index.embed import Embedder
from yjs_qa.models import AnswerPassage, AnswerSentence, Passage, SectionKind, Span

ANSWER_SENTENCES = 3  # sentences in the short extractive answer
SENTENCE_POOL = 5  # passages whose sentences compete for the answer, and which they re-rank
HIGHLIGHTS_PER_PASSAGE = 2
MIN_SENTENCE_WORDS = 4
# Ratings lines and tables are not prose: a sentence score would only say how unlike a question a
# table reads, so sentence evidence neither lifts nor sinks them (gold rating MRR 0.781 -> 0.938).
UNJUDGED_KINDS = frozenset({SectionKind.RATING})
RANK_PRIOR = 0.02  # a small prior for the passage's rank, so ties go to the better-ranked passage


@dataclass
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
    candidates: list[tuple[str, Span, str]] = []
    picked: list[np.ndarray] = []
    for j, p in enumerate(pool):
        for i, span in enumerate(p.sentences):
            text = p.text[span.start : span.end]
            if len(text.split()) >= MIN_SENTENCE_WORDS:
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

    Measured on the gold set (README, "Retrieval quality"): MRR@10 0.765 -> 0.797 for ask's ranking.
    """
    top = max(fused, default=0.0) or 1.0
    return [f / top + s for f, s in zip(fused, best_sentence, strict=True)]


def best_sentences(
    scored: Sequence[ScoredSentence], passages: Sequence[AnswerPassage]
) -> list[AnswerSentence]:
    """The answer's sentences, best first; sets each pooled passage's highlights as it goes."""
    by_id = {ap.id: ap for ap in passages}
    usable = [s for s in scored if s.passage_id in by_id]
    scores = [s.similarity + RANK_PRIOR / by_id[s.passage_id].rank for s in usable]
    order = sorted(range(len(usable)), key=lambda i: -scores[i])
    per_passage: dict[str, list[Span]] = {}
    for i in order:
        spans = per_passage.setdefault(usable[i].passage_id, [])
        if len(spans) < HIGHLIGHTS_PER_PASSAGE:
            spans.append(usable[i].span)
    for pid, spans in per_passage.items():
        by_id[pid].highlights = sorted(spans, key=lambda s: s.start)
    chosen: list[AnswerSentence] = []
    seen: set[str] = set()
    for i in order:
        s = usable[i]
        ap = by_id[s.passage_id]
        key = " ".join(s.text.lower().split())
        # Verbatim by construction; checked anyway, since callers quote these as evidence.
        if key in seen or ap.text[s.span.start : s.span.end] != s.text:
            continue
        seen.add(key)
        chosen.append(
            AnswerSentence(
                text=s.text,
                passage=ap.rank,
                passage_id=ap.id,
                service=ap.citation.service,
                start=s.span.start,
                end=s.span.end,
                score=round(scores[i], 4),
            )
        )
        if len(chosen) == ANSWER_SENTENCES:
            break
    return chosen


def answer_text(sentences: Sequence[AnswerSentence], passages: Sequence[AnswerPassage] = ()) -> str:
    """The short answer: each sentence followed by its [n] marker, best first.

    When the sentences come from several services, they are grouped under each service's name.
    """
    services = list(dict.fromkeys(s.service for s in sentences))
    if len(services) <= 1:
        return " ".join(f"{s.text} [{s.passage}]" for s in sentences)
    groups = []
    for service in services:
        said = " ".join(f"{s.text} [{s.passage}]" for s in sentences if s.service == service)
        groups.append(f"{service or 'Other sources'}: {said}")
    return "\n".join(groups)
