"""The plan step: the user's filters resolved, the question read, and what narrows or boosts decided.

How each understood part is used was decided on the gold set (docs/retrieval-quality.md): services named
in the question filter (the index holds them); domains, standards and years only boost, because press
releases and news carry no domain tags and some documents have no date. What the question names that
the index does not hold is recorded as an `Absent` fact; query/policy.py decides what it means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from yjs_qa.errors import QuestionError
from yjs_qa.index.keyword import keyword_tokens
from yjs_qa.knowledge.services import region_table
from yjs_qa.models import Filters, SectionKind, Understanding
from yjs_qa.query.answer_type import Expectation, expected
from yjs_qa.query.expand import keyword_question
from yjs_qa.query.filters import Columns, FilterValue, resolve
from yjs_qa.query.understand import names, understand
from yjs_qa.query.view import IndexView
from yjs_qa.settings import SETTINGS

RATING_KINDS = (SectionKind.RATING.value,)


@dataclass(frozen=True)
class Absent:
    """Something the question asks about that the index does not hold, known before searching."""

    what: str  # "service", "region", "year" or "name": which policy rule reads it
    names: tuple[str, ...]
    covered: tuple[str, ...] = ()  # for services: the services the index does hold


@dataclass(frozen=True)
class QueryPlan:
    filters: Filters
    allowed: np.ndarray | None  # rows that may be returned; None for all
    boost: np.ndarray | None  # per-row score multiplier; None for none
    spread: bool  # spread the top results across services
    understood: Understanding
    absent: Absent | None = None
    expectation: Expectation | None = None  # the quantity the question asks for, if any

    def keyword_query(self, question: str) -> str:
        """What BM25 searches for: the question, plus report terms for its lay words."""
        return " ".join([keyword_question(question), *self.understood.expanded])


def check_question(question: str, k: int) -> str:
    """The question with its whitespace collapsed; an error for k < 1 or an empty or overlong one."""
    if k < 1:
        raise QuestionError(f"k must be at least 1, got {k}")
    question = " ".join((question or "").split())
    if not question:
        raise QuestionError(
            "the question is empty; ask something, e.g. 'what did inspectors say about planning?'"
        )
    limit = SETTINGS.query.max_question_chars
    if len(question) > limit:
        raise QuestionError(
            f"the question is {len(question):,} characters, over the {limit:,} limit; shorten it"
        )
    return question


def make_plan(
    question: str,
    view: IndexView,
    *,
    service: FilterValue = None,
    domain: FilterValue = None,
    standard: FilterValue = None,
) -> QueryPlan:
    """Resolve explicit filters, read the question, and decide what narrows and what boosts.

    Works on per-row columns and the keyword vocabulary, so its cost does not grow with the corpus
    beyond a few vectorised comparisons.
    """
    columns, vocab = view.columns, view.data.keyword.vocab_dict
    filters = resolve(columns=columns, service=service, domain=domain, standard=standard)
    u = understand(question, columns.values["service"])
    expectation = expected(question)
    u.expects = expectation.name if expectation else None
    if u.services and not filters.services:
        filters.services = list(u.services)
        u.applied["services"] = "filter"
    absent = _absent(question, u, filters, columns, vocab)
    boost = np.ones(len(columns.service), dtype=np.float32)

    def lift(column: np.ndarray, values: Sequence[str], part: str) -> None:
        nonlocal boost
        boost = boost * (1 + SETTINGS.query.boost * np.isin(column, list(values)).astype(np.float32))
        u.applied[part] = "boost"

    if u.domains and not filters.domains:
        lift(columns.domain, u.domains, "domains")
    if u.standards and not filters.standards:
        lift(columns.standard, u.standards, "standards")
    if u.rating_question:  # the passages that state ratings: rating lines and ratings tables
        lift(columns.section_kind, RATING_KINDS, "rating_question")
    if u.years and absent is None:
        lift(columns.year, [str(y) for y in u.years], "years")
    if u.expanded:
        u.applied["expanded"] = "keyword search"
    return QueryPlan(
        filters=filters,
        allowed=columns.mask(filters) if filters.active else None,
        boost=boost if (boost != 1).any() else None,
        spread=not filters.services,
        understood=u,
        absent=absent,
        expectation=expectation,
    )


def _absent(
    question: str, u: Understanding, filters: Filters, columns: Columns, vocab: Mapping[str, int]
) -> Absent | None:
    """The first thing the question names that the index lacks: a service, a region none of whose
    services it holds, a year no document is from or mentions, or a name no passage contains.
    Records each in `u.applied` as "not found", as the answer's understanding reports it."""
    indexed = columns.values["service"]
    if u.unknown_services and not u.services and not filters.services:
        u.applied["unknown_services"] = "not found"
        return Absent("service", tuple(u.unknown_services), tuple(indexed))
    if u.regions and not u.services and not filters.services:
        held = [s for r in u.regions for s in region_table().get(r, []) if s in indexed]
        if not held:  # "youth justice in Wales", where the index holds no Welsh service
            u.applied["regions"] = "not found"
            return Absent("region", tuple(u.regions))
    years = [str(y) for y in u.years]
    if years and not _years_covered(years, columns, vocab):
        u.applied["years"] = "not found"
        return Absent("year", tuple(years))
    unheard = unknown_names(question, vocab)
    if unheard:
        u.unknown_names = unheard
        u.applied["unknown_names"] = "not found"
        return Absent("name", tuple(unheard))
    return None


def unknown_names(question: str, vocab: Mapping[str, int]) -> list[str]:
    """Names in the question with a capitalised word no passage contains: "HMP Berwyn", "Arsenal".

    A name cannot be paraphrased the way a topic can, so a corpus that never mentions it cannot
    answer a question about it. Checked against the keyword index's (stemmed) vocabulary.
    """
    found = names(question)
    words = sorted({w for ws in found.values() for w in ws})
    tokens = dict(zip(words, keyword_tokens(words), strict=True)) if words else {}
    # A word that is only a stop word ("The") says nothing either way.
    return [
        name
        for name, ws in found.items()
        if any(tokens[w] and not any(t in vocab for t in tokens[w]) for w in ws)
    ]


def _years_covered(years: Sequence[str], columns: Columns, vocab: Mapping[str, int]) -> bool:
    """Whether any document is dated in, or any passage mentions, one of `years`."""
    return bool(np.isin(columns.year, list(years)).any()) or any(y in vocab for y in years)
