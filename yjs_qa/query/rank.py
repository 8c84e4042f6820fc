"""The rank step: boosts, spreading across services, near-duplicates kept apart, then cross-encoder and
sentence re-ranking of the top passages. Hits are immutable: each stage returns new ones."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from yjs_qa.errors import ModelLoadError
from yjs_qa.index.embed import Embedder
from yjs_qa.index.rerank import Reranker
from yjs_qa.index.version_data import IndexData
from yjs_qa.query.answer_type import Expectation, any_states, states
from yjs_qa.query.plan import QueryPlan
from yjs_qa.query.retrieve import Hit
from yjs_qa.query.sentence_scores import (
    UNJUDGED_KINDS,
    ScoredSentence,
    best_similarity,
    rerank_scores,
    score_sentences,
    sentence_evidence,
)
from yjs_qa.query.view import IndexView
from yjs_qa.settings import SETTINGS


@dataclass(frozen=True)
class Ranked:
    """The ranked hits, and the top passages' sentences scored against the question (empty when the
    ranking used no sentences)."""

    hits: list[Hit]
    scored: list[ScoredSentence]


def rank(
    view: IndexView,
    plan: QueryPlan,
    hits: list[Hit],
    question: str,
    *,
    reranker: Reranker | None,
    qvec: np.ndarray | None = None,
    embedder: Embedder | None = None,
) -> Ranked:
    """Boost, spread and de-duplicate; re-order the top by the cross-encoder, if there is one; and,
    given the question's vector, score the top passages' sentences and re-rank them by that evidence
    too (unless a cross-encoder has set the order)."""
    hits = boosted(hits, plan.boost)
    if plan.spread:
        hits = spread(hits, view.services)
    hits = diversify(view.data, hits)
    if plan.groups is not None:
        hits = balance(hits, plan.groups)
    hits = cross_rerank(view, question, hits, reranker)
    if qvec is None or embedder is None:
        return Ranked(hits, [])
    reorder = reranker is None
    if plan.expectation:
        return _with_quantity(view, hits, qvec, embedder, plan.expectation, reorder)
    return _by_sentences(view, hits, qvec, embedder, reorder)


def boosted(hits: list[Hit], boost: np.ndarray | None) -> list[Hit]:
    """Multiply each hit's fused score by its row's boost, and re-rank."""
    if boost is None:
        return hits
    lifted = [replace(h, score=h.score * float(boost[h.row])) for h in hits]
    return sorted(lifted, key=lambda h: (-h.score, h.row))


def spread(hits: list[Hit], group_of: list[str | None], penalty: float | None = None) -> list[Hit]:
    """Re-rank so that one service does not fill the top when others have evidence (greedy MMR).

    A hit's score is discounted by `penalty` for each hit of its service already placed above it.
    """
    s = SETTINGS.query
    penalty = s.spread_penalty if penalty is None else penalty
    # The best few stay where they are: spreading should add breadth below them, not displace them.
    placed = hits[: s.spread_keep]
    window, rest = hits[s.spread_keep : s.spread_window], hits[s.spread_window :]
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


def balance(hits: list[Hit], groups: np.ndarray, top: int | None = None) -> list[Hit]:
    """A question naming several services ("compare Southend and East Sussex"): each named service's
    best hit moves into the first `top`, in place of the lowest-ranked hits that are not some service's
    best; the order is otherwise kept."""
    top = SETTINGS.query.balance_top if top is None else top
    firsts: dict[int, Hit] = {}
    for h in hits:
        firsts.setdefault(int(groups[h.row]), h)
    firsts.pop(-1, None)
    head = hits[:top]
    need = [h for h in firsts.values() if h not in head]
    best = {id(h) for h in firsts.values()}
    droppable = [h for h in reversed(head) if id(h) not in best][: len(need)]
    if not need or not droppable:
        return hits
    need = need[: len(droppable)]
    chosen = {id(h) for h in head if h not in droppable} | {id(h) for h in need}
    return [h for h in hits if id(h) in chosen] + [h for h in hits if id(h) not in chosen]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def near_duplicate(a_text: str, b_text: str, a_vec: np.ndarray, b_vec: np.ndarray) -> bool:
    """Same content twice: mostly the same word 3-grams, or near-identical embeddings."""
    if float(np.dot(a_vec, b_vec)) >= SETTINGS.query.duplicate_cosine:
        return True
    a, b = _shingles(a_text), _shingles(b_text)
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SETTINGS.query.shingle_containment


def diversify(data: IndexData, hits: list[Hit], top: int | None = None) -> list[Hit]:
    """Keep near-duplicates (a press release repeating its report) out of the top positions.

    A duplicate is not dropped: it moves down to just below the first `top` distinct hits. Everything
    below keeps the order it came in (which spreading may have set).
    """
    top = SETTINGS.query.dedup_top if top is None else top
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


def cross_rerank(view: IndexView, question: str, hits: list[Hit], reranker: Reranker | None) -> list[Hit]:
    """The top rerank_depth hits in the reranker's order (ties keep their order), the rest after
    them as they were; unchanged when there is no reranker."""
    if reranker is None or not hits:
        return hits
    depth = SETTINGS.query.rerank_depth
    top = hits[:depth]
    scores = reranker.score(question, [view.passage(h.row).text for h in top])
    if len(scores) != len(top):
        raise ModelLoadError(
            f"the reranker {reranker.name!r} gave {len(scores)} scores for {len(top)} passages"
        )
    top = [replace(h, rerank_score=float(s)) for h, s in zip(top, scores, strict=True)]
    order = sorted(range(len(top)), key=lambda i: -scores[i])
    # Near-duplicates (a press release repeating its report) stay out of the top, as in search.
    return diversify(view.data, [top[i] for i in order] + hits[depth:])


def _by_sentences(
    view: IndexView, hits: list[Hit], qvec: np.ndarray, embedder: Embedder, reorder: bool
) -> Ranked:
    """Score the sentences of the top hits; re-rank those hits by passage + best sentence
    (unless not `reorder`: then the hits keep their order)."""
    scored = _score_pool(view, hits[: SETTINGS.query.sentence_pool], qvec, embedder)
    return Ranked(_order_pool(view, _scored(view, hits, scored), reorder), scored)


def _with_quantity(
    view: IndexView, hits: list[Hit], qvec: np.ndarray, embedder: Embedder, wanted: Expectation, reorder: bool
) -> Ranked:
    """_by_sentences for a question that asks for a quantity ("how many volunteers").

    When no sentence of the top passages states one, the best-ranked passage down to quantity_depth
    that does takes the last place among them. It is kept only if its stating sentence is then the
    closest sentence to the question: evidence pulled from deeper in the ranking must beat everything
    above it, or a question the corpus cannot answer would be "answered" by any figure found further
    down. With `reorder` False (a cross-encoder has ordered the hits) the pulled passage is the only
    change to their order.
    """
    first = _by_sentences(view, hits, qvec, embedder, reorder)
    if any_states(wanted, (s.text for s in first.scored)):
        return first
    pool, depth = SETTINGS.query.sentence_pool, SETTINGS.query.quantity_depth
    deeper = next((h for h in hits[pool:depth] if _states(view, wanted, h.row)), None)
    if deeper is None:
        return first
    scored_hits = _scored(view, hits, first.scored)
    trial = [*scored_hits[: pool - 1], deeper, *(h for h in scored_hits[pool - 1 :] if h.row != deeper.row)]
    # The four passages that stay were scored already: only the pulled one's sentences are new.
    staying = {view.passage(h.row).id for h in trial[: pool - 1]}
    scored = [s for s in first.scored if s.passage_id in staying] + _score_pool(
        view, [deeper], qvec, embedder
    )
    ranked = _order_pool(view, _scored(view, trial, scored), reorder)
    best = max(scored, key=lambda s: s.similarity, default=None)
    if best is None or best.passage_id != view.passage(deeper.row).id or not states(wanted, best.text):
        return first
    if not reorder:
        return Ranked(ranked, scored)
    # It holds the answer: it leads, unless a cross-encoder has set the order.
    lead = next(h for h in ranked if h.row == deeper.row)
    return Ranked([lead, *(h for h in ranked if h.row != deeper.row)], scored)


def _states(view: IndexView, wanted: Expectation, row: int) -> bool:
    """Whether a sentence of the passage at `row` states the quantity the question asks for."""
    p = view.passage(row)
    return any(states(wanted, p.text[s.start : s.end]) for s in p.sentences)


def _score_pool(
    view: IndexView, pool: Sequence[Hit], qvec: np.ndarray, embedder: Embedder
) -> list[ScoredSentence]:
    """The sentences of `pool`'s passages with their similarity to the question: vectors read
    from the index when it stores them, else embedded now."""
    passages = [view.passage(h.row) for h in pool]
    stored = view.data.sentence_vectors
    vectors = (
        None
        if stored is None
        else [stored.of(h.row, len(p.sentences)) for h, p in zip(pool, passages, strict=True)]
    )
    return score_sentences(qvec, passages, embedder, vectors)


def _scored(view: IndexView, hits: list[Hit], scored: list[ScoredSentence]) -> list[Hit]:
    """The hits, the top sentence_pool of them carrying their best sentence's score."""
    pool = SETTINGS.query.sentence_pool
    best = best_similarity(scored)
    return [replace(h, sentence_score=best.get(view.passage(h.row).id)) for h in hits[:pool]] + hits[pool:]


def _order_pool(view: IndexView, hits: list[Hit], reorder: bool) -> list[Hit]:
    """With `reorder`, re-rank the top hits by passage and sentence evidence together."""
    if not reorder:
        return hits
    pool = hits[: SETTINGS.query.sentence_pool]
    unjudged = [view.passage(h.row).section_kind in UNJUDGED_KINDS for h in pool]
    evidence = sentence_evidence([h.sentence_score for h in pool], unjudged)
    combined = rerank_scores([h.score for h in pool], evidence)
    order = sorted(range(len(pool)), key=lambda i: (-combined[i], pool[i].row))
    # Near-duplicates may have come together again; keep them apart as search does.
    return diversify(view.data, [pool[i] for i in order] + hits[len(pool) :])
