"""Turn the question and the user's filters into a query plan: hard filters, boosts, spread.

How each understood part is used was decided on the gold set (see README, "Retrieval quality"):
services named in the question filter (the index holds them) or mean "not found" (it does not);
domains, standards and years only boost, because press releases and news carry no domain tags and
some documents have no date. A capitalised name that no passage contains means "not found".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from yjs_qa.index.store import keyword_tokens
from yjs_qa.ingest.tag import region_table
from yjs_qa.models import Filters, SectionKind, Understanding
from yjs_qa.query.answer_type import Expectation, expected
from yjs_qa.query.expand import keyword_question
from yjs_qa.query.filters import Columns, FilterValue, resolve
from yjs_qa.query.understand import names, understand

SERVICE_USE = "filter"  # or "boost"
BOOST = 0.25  # a matching passage's fused score is multiplied by 1 + BOOST per matching part
RATING_KINDS = (SectionKind.RATING.value,)


@dataclass
class QueryPlan:
    filters: Filters
    allowed: np.ndarray | None  # rows that may be returned; None for all
    boost: np.ndarray | None  # per-row score multiplier; None for none
    spread: bool  # spread the top results across services
    understood: Understanding
    not_found: str | None = None  # why the corpus cannot answer, known before searching
    expectation: Expectation | None = None  # the quantity the question asks for, if any

    def keyword_query(self, question: str) -> str:
        """What BM25 searches for: the question, plus report terms for its lay words."""
        return " ".join([keyword_question(question), *self.understood.expanded])


def make_plan(
    question: str,
    columns: Columns,
    vocab: Mapping[str, int],
    *,
    service: FilterValue = None,
    domain: FilterValue = None,
    standard: FilterValue = None,
) -> QueryPlan:
    """Resolve explicit filters, read the question, and decide what narrows and what boosts.

    Works on per-row columns and the keyword vocabulary, so its cost does not grow with the corpus
    beyond a few vectorised comparisons.
    """
    filters = resolve(columns=columns, service=service, domain=domain, standard=standard)
    indexed = columns.values["service"]
    u = understand(question, indexed)
    expectation = expected(question)
    u.expects = expectation.name if expectation else None
    not_found = None
    if u.services and not filters.services:
        if SERVICE_USE == "filter":
            filters.services = list(u.services)
        u.applied["services"] = SERVICE_USE
    elif u.unknown_services and not u.services and not filters.services:
        u.applied["unknown_services"] = "not found"
        names = ", ".join(u.unknown_services)
        not_found = f"the index holds no document on {names} (it covers {', '.join(indexed)})"
    if not_found is None and u.regions and not u.services and not filters.services:
        # A region none of whose services the index holds: "youth justice in Wales".
        held = [s for r in u.regions for s in region_table().get(r, []) if s in indexed]
        if not held:
            u.applied["regions"] = "not found"
            not_found = f"the index holds no document on a service in {', '.join(u.regions)}"
    years = [str(y) for y in u.years]
    if not_found is None and years and not _years_covered(years, columns, vocab):
        u.applied["years"] = "not found"
        not_found = f"no document in the index is from or mentions {', '.join(years)}"
    if not_found is None:
        unheard = unknown_names(question, vocab)
        if unheard:
            u.unknown_names = unheard
            u.applied["unknown_names"] = "not found"
            not_found = f"no passage in the index mentions {', '.join(unheard)}"
    boost = np.ones(len(columns.service), dtype=np.float32)

    def lift(column: np.ndarray, values: Sequence[str], part: str) -> None:
        nonlocal boost
        boost = boost * (1 + BOOST * np.isin(column, list(values)).astype(np.float32))
        u.applied[part] = "boost"

    if u.domains and not filters.domains:
        lift(columns.domain, u.domains, "domains")
    if u.standards and not filters.standards:
        lift(columns.standard, u.standards, "standards")
    if u.rating_question:  # the passages that state ratings: rating lines and ratings tables
        lift(columns.section_kind, RATING_KINDS, "rating_question")
    if years and not_found is None:
        lift(columns.year, years, "years")
    if SERVICE_USE == "boost" and u.services and not filters.services:
        lift(columns.service, u.services, "services")
    if u.expanded:
        u.applied["expanded"] = "keyword search"
    return QueryPlan(
        filters=filters,
        allowed=columns.mask(filters) if filters.active else None,
        boost=boost if (boost != 1).any() else None,
        spread=not filters.services,
        understood=u,
        not_found=not_found,
        expectation=expectation,
    )


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
