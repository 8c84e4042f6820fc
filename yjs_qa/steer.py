"""Turn the question and the user's filters into a query plan: hard filters, boosts, spread.

How each understood part is used was decided on the gold set (see README, "Retrieval quality"):
services named in the question filter (the index holds them) or mean "not found" (it does not);
domains, standards and years only boost, because press releases and news carry no domain tags and
some documents have no date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .filters import FilterValue, mask, resolve
from .models import Document, Filters, Passage, SectionKind, Understanding
from .understand import understand

SERVICE_USE = "filter"  # or "boost"
BOOST = 0.25  # a matching passage's fused score is multiplied by 1 + BOOST per matching part
RATING_KINDS = (SectionKind.RATING,)


@dataclass
class QueryPlan:
    filters: Filters
    allowed: np.ndarray | None  # rows that may be returned; None for all
    boost: np.ndarray | None  # per-row score multiplier; None for none
    spread: bool  # spread the top results across services
    understood: Understanding
    not_found: str | None = None  # why the corpus cannot answer, known before searching


def plan(
    question: str,
    passages: Sequence[Passage],
    docs: dict[str, Document],
    services_of: Sequence[str | None],
    *,
    service: FilterValue = None,
    domain: FilterValue = None,
    standard: FilterValue = None,
) -> QueryPlan:
    """Resolve explicit filters, read the question, and decide what narrows and what boosts."""
    indexed = sorted({s for s in services_of if s})
    filters = resolve(services=indexed, passages=passages, service=service, domain=domain, standard=standard)
    u = understand(question, indexed)
    not_found = None
    if u.services and not filters.services:
        if SERVICE_USE == "filter":
            filters.services = list(u.services)
        u.applied["services"] = SERVICE_USE
    elif u.unknown_services and not u.services and not filters.services:
        u.applied["unknown_services"] = "not found"
        names = ", ".join(u.unknown_services)
        not_found = f"the index holds no document on {names} (it covers {', '.join(indexed)})"
    if not_found is None and u.years and not _years_covered(u.years, passages, docs):
        u.applied["years"] = "not found"
        not_found = f"no document in the index is from or mentions {', '.join(map(str, u.years))}"
    boost = np.ones(len(passages), dtype=np.float32)
    if u.domains and not filters.domains:
        boost *= 1 + BOOST * np.array([p.domain in u.domains for p in passages], dtype=np.float32)
        u.applied["domains"] = "boost"
    if u.standards and not filters.standards:
        boost *= 1 + BOOST * np.array([p.standard in u.standards for p in passages], dtype=np.float32)
        u.applied["standards"] = "boost"
    if u.rating_question:  # the passages that state ratings: rating lines and ratings tables
        boost *= 1 + BOOST * np.array([p.section_kind in RATING_KINDS for p in passages], dtype=np.float32)
        u.applied["rating_question"] = "boost"
    if u.years and not_found is None:
        wanted = {str(y) for y in u.years}
        dated = [(docs[p.document].date or "")[:4] in wanted for p in passages]
        boost *= 1 + BOOST * np.array(dated, dtype=np.float32)
        u.applied["years"] = "boost"
    if SERVICE_USE == "boost" and u.services and "services" in u.applied:
        boost *= 1 + BOOST * np.array([s in u.services for s in services_of], dtype=np.float32)
    allowed = mask(passages, services_of, filters) if filters.active else None
    return QueryPlan(
        filters=filters,
        allowed=allowed,
        boost=boost if (boost != 1).any() else None,
        spread=not filters.services,
        understood=u,
        not_found=not_found,
    )


def _years_covered(years: list[int], passages: Sequence[Passage], docs: dict[str, Document]) -> bool:
    """Whether any document is dated in, or any passage mentions, one of `years`."""
    wanted = {str(y) for y in years}
    if any((d.date or "")[:4] in wanted for d in docs.values()):
        return True
    return any(y in p.text for p in passages for y in wanted)
