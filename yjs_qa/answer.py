"""Compose an answer: the sentences of the top passages that best answer the question, cited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .embed import Embedder
from .models import AnswerPassage, AnswerSentence, Passage, Span

ANSWER_SENTENCES = 3  # sentences in the short extractive answer
SENTENCE_POOL = 5  # passages whose sentences compete for the answer
HIGHLIGHTS_PER_PASSAGE = 2
MIN_SENTENCE_WORDS = 4


def best_sentences(
    question_vec: np.ndarray,
    passages: Sequence[AnswerPassage],
    stored: Mapping[str, Passage],
    embedder: Embedder,
) -> list[AnswerSentence]:
    """Score every sentence of the first passages against the question; set highlights as we go."""
    pool = list(passages[:SENTENCE_POOL])
    candidates: list[tuple[AnswerPassage, Span, str]] = []
    for ap in pool:
        for span in stored[ap.id].sentences:
            text = ap.text[span.start : span.end]
            if len(text.split()) >= MIN_SENTENCE_WORDS:
                candidates.append((ap, span, text))
    if not candidates:
        return []
    vecs = embedder.encode([c[2] for c in candidates])
    sims = vecs @ question_vec
    # A small prior for the passage's rank, so ties go to the better-ranked passage.
    scores = [float(s) + 0.02 / ap.rank for s, (ap, _, _) in zip(sims, candidates, strict=True)]
    order = sorted(range(len(candidates)), key=lambda i: -scores[i])
    per_passage: dict[str, list[Span]] = {}
    for i in order:
        ap, span, _ = candidates[i]
        spans = per_passage.setdefault(ap.id, [])
        if len(spans) < HIGHLIGHTS_PER_PASSAGE:
            spans.append(span)
    for ap in pool:
        ap.highlights = sorted(per_passage.get(ap.id, []), key=lambda s: s.start)
    chosen: list[AnswerSentence] = []
    seen: set[str] = set()
    for i in order:
        ap, span, text = candidates[i]
        key = " ".join(text.lower().split())
        # Verbatim by construction; checked anyway, since callers quote these as evidence.
        if key in seen or ap.text[span.start : span.end] != text:
            continue
        seen.add(key)
        chosen.append(
            AnswerSentence(
                text=text,
                passage=ap.rank,
                passage_id=ap.id,
                service=ap.citation.service,
                start=span.start,
                end=span.end,
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
