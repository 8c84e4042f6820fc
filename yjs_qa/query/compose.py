"""The compose step: cited passages, the sentences that best answer the question, and rating lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yjs_qa.models import (
    AnswerPassage,
    AnswerSentence,
    Citation,
    Document,
    Passage,
    Rating,
    RatingCount,
    Span,
)
from yjs_qa.query.plan import QueryPlan
from yjs_qa.query.rank import Ranked
from yjs_qa.query.retrieve import Hit
from yjs_qa.query.sentence_scores import ScoredSentence
from yjs_qa.query.view import IndexView
from yjs_qa.ratings.answers import Asked, RatingNotRecorded, asked_ratings, rating_summary
from yjs_qa.settings import SETTINGS


@dataclass(frozen=True)
class Draft:
    """An answer before the not-found policy has judged it."""

    question: str
    plan: QueryPlan
    passages: list[AnswerPassage]
    sentences: list[AnswerSentence]
    scored: list[ScoredSentence]  # every scored sentence of the top passages
    text: str  # rating lines, then the answer sentences with their [n] markers (policy adds a note)
    ratings: list[Rating]
    counts: list[RatingCount]  # summary counts, where they answer a rating question
    missing: RatingNotRecorded | None  # the asked rating the ratings data does not record
    confidence: float  # the question's cosine with its closest passage among the k
    index_version: str
    reranker: str | None


def compose(
    view: IndexView,
    plan: QueryPlan,
    ranked: Ranked,
    question: str,
    k: int,
    *,
    reranker: str | None = None,
) -> Draft:
    """The k passages with citations and highlights, the best sentences, and for a rating question the
    structured ratings it asks for, or for a comparison of services on a domain or standard their
    ratings side by side (neither looked up when the plan found the question is about something
    the index lacks: it gets no one else's ratings)."""
    u = plan.understood
    asked = (
        Asked([])
        if plan.absent
        else asked_ratings(
            view.ratings_data, question, plan.spec.service, u.services, u.years, u.domains, u.standards
        )
    )
    plain = [answer_passage(view, rank, hit) for rank, hit in enumerate(ranked.hits[:k], 1)]
    groups = None
    if plan.groups is not None:  # several services named: the answer speaks for each
        groups = {view.passage(h.row).id: int(plan.groups[h.row]) for h in ranked.hits[:k]}
    sentences, highlights = best_sentences(ranked.scored, plain, groups)
    passages = [
        p.model_copy(update={"highlights": highlights[p.id]}) if p.id in highlights else p for p in plain
    ]
    text = "\n".join(
        x for x in (rating_summary(asked.ratings, asked.counts), answer_text(sentences, passages)) if x
    )
    return Draft(
        question=question,
        plan=plan,
        passages=passages,
        sentences=sentences,
        scored=ranked.scored,
        text=text,
        ratings=asked.ratings,
        counts=asked.counts,
        missing=asked.missing,
        confidence=max((h.dense_score for h in ranked.hits[:k]), default=0.0),
        index_version=view.version,
        reranker=reranker,
    )


def answer_passage(view: IndexView, rank: int, hit: Hit) -> AnswerPassage:
    p = view.passage(hit.row)
    return AnswerPassage(
        rank=rank,
        id=p.id,
        text=p.text,
        score=round(float(hit.score), 6),
        dense_rank=hit.dense_rank,
        keyword_rank=hit.keyword_rank,
        sentence_score=None if hit.sentence_score is None else round(hit.sentence_score, 4),
        rerank_score=None if hit.rerank_score is None else round(hit.rerank_score, 6),
        citation=citation(view.docs[p.document], p),
    )


def citation(doc: Document, p: Passage) -> Citation:
    """The citation of a stored passage of `doc`."""
    return Citation(
        document=p.document,
        title=doc.title,
        doc_kind=doc.kind,
        service=doc.service,
        date=doc.date,
        domain=p.domain,
        standard=p.standard,
        section=p.section,
        section_kind=p.section_kind,
        page=p.page,
        page_end=p.page_end,
    )


def best_sentences(
    scored: Sequence[ScoredSentence],
    passages: Sequence[AnswerPassage],
    groups: dict[str, int] | None = None,
) -> tuple[list[AnswerSentence], dict[str, list[Span]]]:
    """The answer's sentences, best first, and each pooled passage's highlighted sentences. With
    `groups` (passage id -> named service), each service's best sentence comes first."""
    s = SETTINGS.query
    by_id = {ap.id: ap for ap in passages}
    usable = [x for x in scored if x.passage_id in by_id]
    scores = [x.similarity + s.rank_prior / by_id[x.passage_id].rank for x in usable]
    order = sorted(range(len(usable)), key=lambda i: -scores[i])
    per_passage: dict[str, list[Span]] = {}
    for i in order:
        spans = per_passage.setdefault(usable[i].passage_id, [])
        if len(spans) < s.highlights_per_passage:
            spans.append(usable[i].span)
    highlights = {pid: sorted(spans, key=lambda sp: sp.start) for pid, spans in per_passage.items()}
    if groups:
        firsts: dict[int, int] = {}
        for i in order:
            firsts.setdefault(groups.get(usable[i].passage_id, -1), i)
        firsts.pop(-1, None)
        if len(firsts) > 1:
            lead = sorted(firsts.values(), key=order.index)
            order = lead + [i for i in order if i not in lead]
    chosen: list[AnswerSentence] = []
    seen: set[str] = set()
    for i in order:
        x = usable[i]
        ap = by_id[x.passage_id]
        key = " ".join(x.text.lower().split())
        # Verbatim by construction; checked anyway, since callers quote these as evidence.
        if key in seen or ap.text[x.span.start : x.span.end] != x.text:
            continue
        seen.add(key)
        chosen.append(
            AnswerSentence(
                text=x.text,
                passage=ap.rank,
                passage_id=ap.id,
                service=ap.citation.service,
                start=x.span.start,
                end=x.span.end,
                score=round(scores[i], 4),
            )
        )
        if len(chosen) == s.answer_sentences:
            break
    return chosen, highlights


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
