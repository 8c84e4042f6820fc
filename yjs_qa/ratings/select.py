"""Filter ratings and recommendations by service, standard, rating and kind, and reconcile across
documents: one rating per service and standard from the best source, with the sources that agree
and those that disagree beside it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from yjs_qa.errors import UnknownFilterError
from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.filter_values import FilterValue, match_kind, match_service, resolve_many, values_of
from yjs_qa.knowledge.scale import RATINGS, rating_for
from yjs_qa.models import DocKind, Rating, RatingSource, Recommendation
from yjs_qa.ratings.read.evidence import SOURCE_RANK

OVERALL_WORDS = {"overall", "overall rating", "score", "overall score"}
# Which kind of document to believe first for a rating: the report's own, then the council's paper.
KIND_RANK = {
    DocKind.INSPECTION_REPORT: 0,
    DocKind.COUNCIL_PAPER: 1,
    DocKind.PRESS_RELEASE: 2,
    DocKind.NEWS_ARTICLE: 3,
    # National publications state no service's rating of their own (extraction skips them); were one
    # read there, it would come last.
    DocKind.ANNUAL_REPORT: 4,
    DocKind.THEMATIC_INSPECTION: 4,
    DocKind.OTHER: 4,
}


def services_matching(value: FilterValue, known: Sequence[str]) -> list[str]:
    """Services of `known` that the user's values name ('southend', 'Essex YOS'); unknown ones raise."""
    return resolve_many("service", values_of(value), sorted(set(known)), match_service)


def rating_label(r: Rating) -> str | None:
    """What standard filters match a rating by: '2.1 Assessment', '2.1 Work with children' (a report
    under the 2025 framework numbers its own standards), a bare code, or None for the overall rating."""
    if r.standard_code is None:
        return None
    return f"{r.standard_code} {r.standard_name}" if r.standard_name else r.standard_code


def standard_labels(ratings: Sequence[Rating]) -> list[str]:
    """The framework's standards, then any other standard the documents rate under their own names."""
    own = sorted({label for r in ratings if (label := rating_label(r))})
    return list(dict.fromkeys([s.label for s in F.STANDARDS] + own))


def label_code(label: str) -> str:
    """'2.1' of '2.1 Work with children'."""
    return label.split(" ", 1)[0]


def label_name(label: str) -> str:
    """'work with children' of '2.1 Work with children', normalised; '' for a bare code."""
    return F.normalise(label.split(" ", 1)[1]) if " " in label else ""


def labels_of(standard: F.Standard, known: Sequence[str]) -> list[str]:
    """The labels of `known` that are `standard`: its code, under its name or one of its aliases
    ('1.2 Workforce' is 1.2 Staff; '2.1 Work with children' is not 2.1 Assessment)."""
    names = {F.normalise(n) for n in (standard.name, *standard.aliases)}
    return [k for k in known if label_code(k) == standard.code and label_name(k) in names]


def labels_named(name: str, known: Sequence[str]) -> list[str]:
    """The labels of `known` whose own name is `name`."""
    key = F.normalise(name)
    return [k for k in known if label_name(k) == key]


def own_standard(r: Rating) -> bool:
    """Whether a rating is of a standard the report names its own way, not the 2018-2024
    framework's standard of that number ('2.1 Work with children' under the 2025 framework)."""
    label = rating_label(r)
    if label is None or not r.standard_name:
        return False
    standard = F.standard_by_code(r.standard_code or "")
    return standard is None or not labels_of(standard, [label])


def standards_matching(value: FilterValue, known: Sequence[str]) -> list[str | None]:
    """Standard labels of `known` (standard_labels) the values name: '2.1' (any standard numbered
    so), 'planning' (2.2 and 3.2), a report's own name ('work with victims'), 'overall' (None)."""
    found: list[str | None] = []
    for v in values_of(value):
        key = F.normalise(v)
        if key in OVERALL_WORDS:
            hits: list[str | None] = [None]
        elif m := re.match(r"^(\d\.\d)\b", key):
            hits = [k for k in known if label_code(k) == m.group(1)]
        else:
            framework = [s for s in F.STANDARDS if key in (F.normalise(s.name), *map(F.normalise, s.aliases))]
            hits = [k for s in framework for k in labels_of(s, known)]
            hits += [k for k in labels_named(key, known) if k not in hits]
        if not hits:
            raise UnknownFilterError("standard", v, ["overall", *known])
        found += [h for h in hits if h not in found]
    return found


def kinds_matching(value: FilterValue, known: Sequence[str]) -> list[str]:
    """Document kinds of `known` the values name ('press', 'inspection report'); unknown ones raise."""
    return resolve_many("kind", values_of(value), sorted(set(known)), match_kind)


def ratings_matching(value: FilterValue) -> list[str]:
    found: list[str] = []
    for v in values_of(value):
        rating = rating_for(v)
        if rating is None:
            raise UnknownFilterError("rating", v, [r.name for r in RATINGS])
        found.append(rating.name)
    return found


def select(
    ratings: Sequence[Rating],
    *,
    services: Sequence[str] = (),
    standards: Sequence[str | None] = (),  # labels (standards_matching), None for overall
    values: Sequence[str] = (),
    kinds: dict[str, DocKind] | None = None,
    unique: bool = False,
    earlier: bool = False,
    dates: Mapping[str, str | None] | None = None,
) -> list[Rating]:
    """Ratings passing the filters (empty = any). With `unique`, one per service and standard: the
    best-sourced (a report's table over a council paper over a press release over news) of its current
    ratings; an earlier rating ("up from Inadequate in 2020") is history, not the service's rating.
    With `earlier` too, the same of its earlier ratings instead, the latest first. With `dates` (each
    document's date), a document two or more years older than the latest one rating the same
    service and standard is of an earlier inspection, and no longer a candidate."""
    kept = [
        r
        for r in ratings
        if (not services or r.service in services) and (not standards or rating_label(r) in standards)
    ]
    if unique:
        kept = [r for r in kept if r.earlier == earlier]
        if dates and not earlier:
            kept = _latest_inspection(kept, dates)
        kinds = kinds or {}
        best: dict[tuple[str | None, str | None], Rating] = {}

        def believed(r: Rating) -> tuple[int, int, int]:
            latest = -(r.year or 0) if earlier else 0
            return latest, KIND_RANK[kinds.get(r.document, DocKind.OTHER)], SOURCE_RANK[r.source]

        rank = sorted(kept, key=believed)
        others: dict[tuple[str | None, str | None], list[Rating]] = {}
        for r in rank:
            key = (r.service, rating_label(r))
            if key in best:
                others.setdefault(key, []).append(r)
            else:
                best[key] = r
        best = {key: _with_sources(r, others.get(key, []), kinds) for key, r in best.items()}
        order = {s.code: i for i, s in enumerate(F.STANDARDS)}
        kept = sorted(best.values(), key=lambda r: (r.service or "", order.get(r.standard_code or "", -1)))
    # The rating filter comes last, so a weaker source never stands in for a stronger one that disagrees.
    return [r for r in kept if not values or r.rating in values]


def _with_sources(best: Rating, others: list[Rating], kinds: Mapping[str, DocKind]) -> Rating:
    """`best` with the other statements of its service and standard: those that agree (other
    documents) and those that disagree, which are kept and shown, never silently dropped."""
    if not others:
        return best
    agreeing: list[RatingSource] = []
    disagreeing: list[RatingSource] = []
    seen: set[tuple[str, str]] = {(best.document, best.rating)}
    for r in others:
        if (r.document, r.rating) in seen:
            continue
        seen.add((r.document, r.rating))
        source = RatingSource(
            document=r.document,
            document_kind=kinds.get(r.document, r.document_kind),
            rating=r.rating,
            passage_id=r.passage_id,
            page=r.page,
            text=r.text,
        )
        (agreeing if r.rating == best.rating else disagreeing).append(source)
    return best.model_copy(update={"agreeing": agreeing, "disagreeing": disagreeing})


def _latest_inspection(ratings: list[Rating], dates: Mapping[str, str | None]) -> list[Rating]:
    """Ratings less than two years older than the latest dated one of their service and standard: a
    report, its press release and a council paper on it come within a year of each other (fieldwork
    comes months before publication), a later inspection years after. Undated ones stay."""

    def year(r: Rating) -> int | None:
        d = (dates.get(r.document) or "")[:4]
        return int(d) if d.isdigit() else None

    latest: dict[tuple[str | None, str | None], int] = {}
    for r in ratings:
        if (y := year(r)) is not None:
            key = (r.service, rating_label(r))
            latest[key] = max(latest.get(key, y), y)
    return [r for r in ratings if (y := year(r)) is None or y >= latest[(r.service, rating_label(r))] - 1]


def select_recommendations(recs: Sequence[Recommendation], services: Sequence[str]) -> list[Recommendation]:
    return [r for r in recs if not services or r.service in services]
