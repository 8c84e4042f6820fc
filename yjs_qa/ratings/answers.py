"""Ratings as answers: the structured ratings a rating question asks for (the asked service's
current rating first; sources that disagree said; a count where only a count is stated), and the
answer's rating lines. The lists, table and explanation the `ratings` command shows: listings.py."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.filter_values import FilterValue
from yjs_qa.models import (
    DocKind,
    Document,
    Rating,
    RatingCount,
    Recommendation,
)
from yjs_qa.ratings.questions import is_rating_question, rating_query
from yjs_qa.ratings.select import (
    select,
    services_matching,
    standard_labels,
)
from yjs_qa.ratings.vocabulary import SERVICES_COUNTED

# A question that asks how many of a service's ratings were one rating: a count answers it.
HOW_MANY = re.compile(r"\b(?:how many|number of|in how many)\b", re.IGNORECASE)
# 'How many youth offending teams were rated Inadequate?': a count of services, a national figure.
HOW_MANY_SERVICES = re.compile(
    rf"\b(?:how many|number of)\s+(?:[\w-]+\s+){{0,3}}?{SERVICES_COUNTED}\b", re.IGNORECASE
)


@dataclass(frozen=True)
class RatingsData:
    """What the ratings answers read from one index version."""

    ratings: list[Rating]
    counts: list[RatingCount]
    recommendations: list[Recommendation]
    statements: Sequence[Mapping[str, object]]  # RatingStatement dumps, validated when explained
    docs: Mapping[str, Document]

    @property
    def kinds(self) -> dict[str, DocKind]:
        return {name: d.kind for name, d in self.docs.items()}

    @property
    def dates(self) -> dict[str, str | None]:
        return {name: d.date for name, d in self.docs.items()}

    @property
    def services(self) -> list[str]:
        """Every service an indexed document is on, or a rating or count names."""
        named = {d.service for d in self.docs.values()} | {r.service for r in self.ratings}
        return sorted(s for s in named | {c.service for c in self.counts} if s)


class NotRecorded(StrEnum):
    """Why the ratings data gives no rating for what a question asks (query/policy.py decides what
    each means for the answer)."""

    SERVICE = "service"  # the services the question names are rated nowhere
    STANDARD = "standard"  # their own ratings tables show they were never rated on it
    TIME = "time"  # no rating of theirs is of the time asked about
    RATING = "rating"  # the rating asked for is not recorded; the passages may say more


@dataclass(frozen=True)
class RatingNotRecorded:
    """The asked rating the ratings data does not record: what kind of absence, for which
    services, and what was asked (standards' labels, or the time in words)."""

    what: NotRecorded
    services: tuple[str, ...]
    asked: tuple[str, ...] = ()


@dataclass(frozen=True)
class Asked:
    """What the ratings data says to a rating question: its ratings (or counts, where only counts
    are stated), or the asked rating it does not record."""

    ratings: list[Rating]
    missing: RatingNotRecorded | None = None
    counts: list[RatingCount] = field(default_factory=list)


def asked_ratings(
    data: RatingsData,
    question: str,
    service: FilterValue,
    named: Sequence[str] = (),
    years: Sequence[int] = (),
    domains: Sequence[str] = (),
    standards: Sequence[str] = (),
) -> Asked:
    """The structured ratings a rating question asks for (empty for other questions), and, when
    there are none, whether the documents show there is none to give. `named` are the services the
    question names (plan's understanding): when the ratings data rates none of them, no other
    service's rating answers it, and the passages do. `years` it names pick the ratings of that time
    ("how was Darlington rated in 2021?"), where documents or ratings are dated so."""
    if not is_rating_question(question):  # most questions: no pass over the ratings
        return Asked(side_by_side(data, named, domains, standards))
    ratings = data.ratings
    known = sorted({r.service for r in ratings if r.service} | {c.service for c in data.counts if c.service})
    # The framework's standards too: a standard no indexed document rates can still be asked about,
    # and the answer then says it is not known rather than give the overall rating.
    labels = sorted({*standard_labels(ratings), *(st.label for st in F.STANDARDS)})
    query = rating_query(question, known, labels)
    if query is None:
        return Asked([])
    national = not (named or query.services or service) and HOW_MANY_SERVICES.search(question)
    if national and (figures := national_counts(data, query.rating, years)):
        return Asked([], counts=figures)
    rated = [s for s in named if s in known]
    if named and not rated and not query.services and not service:
        return Asked([], RatingNotRecorded(NotRecorded.SERVICE, tuple(named)))
    services = query.services or rated or services_matching(service, data.services)
    counts = [c for c in data.counts if c.service in services and not c.earlier] if services else []
    if counts and HOW_MANY.search(question):
        wanted = [c for c in counts if query.rating in (None, c.rating)]
        return Asked([], counts=wanted or counts)
    pick = partial(
        select,
        services=services,
        standards=query.standards,
        values=[query.rating] if query.rating else [],
        kinds=data.kinds,
        unique=True,
    )
    if query.earlier:
        chosen = pick(ratings, earlier=True)
        if not chosen and services:
            return Asked([], RatingNotRecorded(NotRecorded.TIME, tuple(services), ("an earlier inspection",)))
        return Asked(chosen)
    if years:
        then = ratings_of_then(data, ratings, services, years)
        if then is None:
            when = " or ".join(sorted(map(str, years)))
            return Asked([], RatingNotRecorded(NotRecorded.TIME, tuple(services), (when,)))
        # The ratings of then may all be earlier ones ("rated Inadequate in 2015", read in a 2026 page).
        if services and not pick(then, dates=data.dates) and (earlier := pick(then, earlier=True)):
            return Asked(earlier)
        ratings = then
    chosen = pick(ratings, dates=data.dates)
    # A service whose ratings table was read, asked about a standard the table does not rate
    # (a 2019 report has no 4.1; a 2025 report no 2.1 Assessment): no passage will say more.
    tabled = {r.service for r in ratings if r.source == "ratings table"}
    asked = [s for s in query.standards if s is not None]
    if chosen or query.rating or not services:
        return Asked(chosen)
    if asked and tabled.issuperset(services):
        return Asked([], RatingNotRecorded(NotRecorded.STANDARD, tuple(services), tuple(asked)))
    if counts and not asked:  # only counts are stated: they answer "how was X rated?"
        return Asked([], counts=counts)
    return _not_known(services, query.standards)


def national_counts(data: RatingsData, rating: str | None, years: Sequence[int]) -> list[RatingCount]:
    """The counts of services the documents state (national figures), of the rating asked; of the
    years asked where any are: a document published then or the year after (an annual report comes
    out after its year), else an undated document's, which may be of any time (as ratings_of_then)."""
    found = [c for c in data.counts if c.service is None and not c.earlier and rating in (None, c.rating)]
    if not years:
        return found
    wanted = {str(y) for y in years}

    def of_then(c: RatingCount) -> bool:
        published = (data.docs[c.document].date or "")[:4]
        return published in wanted or (published.isdigit() and str(int(published) - 1) in wanted)

    return [c for c in found if of_then(c)] or [c for c in found if not data.docs[c.document].date]


def _not_known(services: Sequence[str], standards: Sequence[str | None]) -> Asked:
    asked = tuple(s or "overall" for s in standards)
    return Asked([], RatingNotRecorded(NotRecorded.RATING, tuple(services), asked))


def ratings_of_then(
    data: RatingsData, ratings: Sequence[Rating], services: Sequence[str], years: Sequence[int]
) -> list[Rating] | None:
    """The ratings of the named years ("how was Darlington rated in 2021?"): dated to then (a report
    is published months after its fieldwork, often in the next year), else an undated document's,
    which may be of any time. None where the asked services have ratings but none of then; all
    ratings where nothing says."""
    wanted = {str(y) for y in years}

    def of_then(r: Rating) -> bool:
        published = (data.docs[r.document].date or "")[:4]
        fieldwork = str(int(published) - 1) if published.isdigit() and not r.earlier else ""
        return str(r.year) in wanted or published in wanted or fieldwork in wanted

    asked = set(services)
    then = [r for r in ratings if of_then(r)]
    if not {r.service for r in then} & asked:
        then = [r for r in ratings if not data.docs[r.document].date and r.year is None]
    if asked and not {r.service for r in then} & asked and {r.service for r in ratings} & asked:
        return None
    return then or list(ratings)


def side_by_side(
    data: RatingsData, services: Sequence[str], domains: Sequence[str], standards: Sequence[str]
) -> list[Rating]:
    """For a question comparing services on a domain or standard ("compare Southend and East Sussex
    on out-of-court disposals"), each service's ratings of those standards, one line per service."""
    if len(services) < 2 or not (domains or standards):
        return []
    numbers = {d.number for d in F.DOMAINS if d.name in domains}
    labels = [s.label for s in F.STANDARDS if s.domain_number in numbers or s.label in standards]
    return select(
        data.ratings, services=services, standards=labels, kinds=data.kinds, unique=True, dates=data.dates
    )


def rating_summary(ratings: Sequence[Rating], counts: Sequence[RatingCount] = ()) -> str:
    """One line per service: 'East Sussex: 2.2 Planning Inadequate; 3.2 Planning Requires improvement
    (east-sussex-2024-cabinet-paper.txt).' Sources that disagree follow on a line of their own;
    counts, where they answer, are said as counts."""
    lines: list[str] = []
    by_service: dict[str | None, list[Rating]] = {}
    for r in ratings:
        by_service.setdefault(r.service, []).append(r)
    for service, rs in by_service.items():
        parts = [
            f"{r.standard} {r.rating}"
            + (f" ({r.score}/{r.score_max})" if r.score is not None else "")
            + (f", earlier ({r.year})" if r.earlier and r.year else ", earlier" if r.earlier else "")
            for r in rs
        ]
        docs = ", ".join(dict.fromkeys(r.document for r in rs))
        lines.append(f"{service or 'Unknown service'}: {'; '.join(parts)} ({docs}).")
        for r in rs:
            for other in r.disagreeing:
                lines.append(
                    f"The sources disagree on {service or 'its'} {r.standard.lower()} rating: "
                    f"{other.document} states {other.rating} ('{_short(other.text)}')."
                )
    for c in counts:
        of = f" of {c.of}" if c.of else ""
        if c.service is None:  # a national figure: a count of services
            lines.append(f"Nationally: {c.count}{of} {c.counted} rated {c.rating} ({c.document}).")
        else:
            lines.append(f"{c.service}: {c.rating} in {c.count}{of} {c.counted} ({c.document}).")
    return "\n".join(lines)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
