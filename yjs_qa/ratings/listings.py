"""Ratings as data for the `ratings` command and the Library's ratings methods: the filtered lists,
the ratings table, and the explanation of one service's ratings, all read from one version's
RatingsData (answers.py)."""

from __future__ import annotations

from collections.abc import Mapping

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.filter_values import FilterValue
from yjs_qa.knowledge.scale import short_codes
from yjs_qa.models import (
    DocKind,
    Rating,
    RatingCount,
    RatingExplanation,
    RatingsRow,
    RatingsTable,
    RatingStatement,
    Recommendation,
)
from yjs_qa.ratings.answers import RatingsData
from yjs_qa.ratings.select import (
    kinds_matching,
    own_standard,
    ratings_matching,
    select,
    select_recommendations,
    services_matching,
    standard_labels,
    standards_matching,
)


def list_ratings(
    data: RatingsData,
    service: FilterValue,
    standard: FilterValue,
    rating: FilterValue,
    *,
    unique: bool,
    kind: FilterValue = None,
) -> list[Rating]:
    """Ratings the documents state, filtered; with `unique`, one per service and standard (the best
    source among the documents of the kinds asked, when `kind` is given). A service that is indexed
    but has no ratings gets an empty list; an unknown one is an error listing the valid ones."""
    ratings = data.ratings
    kinds = data.kinds
    if kind:
        wanted = kinds_matching(kind, [k.value for k in kinds.values()])
        ratings = [r for r in ratings if kinds.get(r.document, DocKind.OTHER).value in wanted]
    return select(
        ratings,
        services=services_matching(service, data.services),
        standards=standards_matching(standard, standard_labels(ratings)),
        values=ratings_matching(rating),
        kinds=kinds,
        unique=unique,
        dates=data.dates,
    )


def list_rating_counts(data: RatingsData, service: FilterValue) -> list[RatingCount]:
    """Summary counts of ratings the documents state ("seven 'Good' ratings"), filtered by service."""
    wanted = services_matching(service, data.services) if service else []
    return [c for c in data.counts if not wanted or c.service in wanted]


def list_recommendations(data: RatingsData, service: FilterValue) -> list[Recommendation]:
    """Recommendations the documents state, filtered by service."""
    wanted = services_matching(service, data.services) if service else []
    return select_recommendations(data.recommendations, wanted)


def ratings_table(data: RatingsData, service: FilterValue, kind: FilterValue = None) -> RatingsTable:
    """Services by overall rating and the 2018-2024 framework's standards, one rating a cell."""
    found = list_ratings(data, service, None, None, unique=True, kind=kind)
    cells: dict[str | None, dict[str | None, Rating]] = {}
    for r in found:
        cells.setdefault(r.service, {})[r.standard_code] = r
    rows = [
        RatingsRow(
            service=name,
            overall=row.get(None),
            cells={code: r for code, r in row.items() if code is not None},
            flags=sum(len(r.flags) + len(r.disagreeing) for r in row.values()),
        )
        for name, row in sorted(cells.items(), key=lambda kv: kv[0] or "")
    ]
    own: dict[str, list[str]] = {}
    for r in found:
        if own_standard(r):
            own.setdefault(r.service or "?", []).append(r.standard)
    return RatingsTable(
        standards=[s.code for s in F.STANDARDS],
        rows=rows,
        short=short_codes(),
        own_standards=dict(sorted(own.items())),
    )


def explain(
    data: RatingsData, service: FilterValue, corrections: Mapping[str, Mapping[str, str]]
) -> RatingExplanation:
    """Every statement read of one service, or in a document on it, how each step classified it,
    and the ratings chosen (current, then earlier) with its counts."""
    name = services_matching(service, data.services)[0]  # raises for a name it does not know
    docs = {n for n, d in data.docs.items() if d.service == name}
    statements = [
        RatingStatement.model_validate(s)
        for s in data.statements
        if s.get("service") == name or s.get("document") in docs
    ]
    chosen = select(data.ratings, services=[name], kinds=data.kinds, unique=True, dates=data.dates)
    chosen += select(data.ratings, services=[name], kinds=data.kinds, unique=True, earlier=True)
    return RatingExplanation(
        service=name,
        statements=statements,
        ratings=chosen,
        counts=[c for c in data.counts if c.service == name],
        corrections={d: dict(v) for d, v in corrections.items() if d in docs},
    )
