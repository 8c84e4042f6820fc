"""The HMIP youth justice inspection framework as data: domains, standards, ratings, aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class Domain:
    """One domain of the 2018-2024 framework."""

    number: int
    name: str
    aliases: tuple[str, ...] = ()  # forms a user may type as a filter
    mentions: tuple[str, ...] = ()  # phrases that, in running text, name this domain


@dataclass(frozen=True)
class Standard:
    """One standard: number "2.2", name "Planning", and the domain it belongs to."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def domain_number(self) -> int:
        return int(self.code.split(".")[0])

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class Rating:
    """A rating word and the points it scores towards the overall 0-36 score."""

    name: str
    points: int
    aliases: tuple[str, ...] = ()


DOMAINS: tuple[Domain, ...] = (
    Domain(
        1,
        "Organisational delivery",
        ("organisation", "organisational", "organisational delivery"),
        ("organisational delivery",),
    ),
    Domain(
        2,
        "Court disposals",
        ("court", "court orders", "court sentences", "post-court", "post court", "court work"),
        ("court disposals", "court disposal", "court orders", "court sentences"),
    ),
    Domain(
        3,
        "Out-of-court disposals",
        ("out of court", "ooc", "oocd", "oocds", "diversion", "out of court disposals"),
        ("out-of-court disposals", "out-of-court disposal", "out of court disposals", "oocd"),
    ),
    Domain(4, "Resettlement", ("custody", "release from custody"), ("resettlement",)),
)

STANDARDS: tuple[Standard, ...] = (
    Standard("1.1", "Governance and leadership", ("governance", "leadership")),
    Standard("1.2", "Staff", ("staffing", "workforce")),
    Standard("1.3", "Partnerships and services", ("partnerships", "partnership and services")),
    Standard("1.4", "Information and facilities", ("information", "facilities")),
    Standard("2.1", "Assessment"),
    Standard("2.2", "Planning"),
    Standard("2.3", "Implementation and delivery", ("implementation", "delivery")),
    Standard("2.4", "Reviewing", ("review", "reviews")),
    Standard("3.1", "Assessment"),
    Standard("3.2", "Planning"),
    Standard("3.3", "Implementation and delivery", ("implementation", "delivery")),
    Standard(
        "3.4",
        "Out-of-court disposal policy and provision",
        ("out of court disposal policy and provision", "ooc policy", "out-of-court policy"),
    ),
    Standard(
        "4.1",
        "Resettlement policy and provision",
        ("resettlement policy", "resettlement provision", "resettlement"),
    ),
)

RATINGS: tuple[Rating, ...] = (
    Rating("Outstanding", 3),
    Rating("Good", 2),
    Rating("Requires improvement", 1, ("requires improvements", "require improvement")),
    Rating("Inadequate", 0),
)

# Overall score bands as commonly published (0-36 over the twelve standards of domains 1-3).
SCORE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 6, "Inadequate"),
    (7, 18, "Requires improvement"),
    (19, 30, "Good"),
    (31, 36, "Outstanding"),
)


def normalise(text: str) -> str:
    """Lower-case, unify dashes and '&', and squeeze everything else to single spaces."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z0-9.' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .")


def domain_by_number(number: int) -> Domain | None:
    return next((d for d in DOMAINS if d.number == number), None)


def standard_by_code(code: str) -> Standard | None:
    return next((s for s in STANDARDS if s.code == code), None)


def domain_for_name(name: str) -> Domain | None:
    """The domain whose name is `name` (any case and punctuation), or None."""
    key = normalise(name)
    return next((d for d in DOMAINS if normalise(d.name) == key), None)


def standards_named(name: str) -> list[Standard]:
    """Standards whose name is `name`: "Planning" gives both 2.2 and 3.2."""
    key = normalise(name)
    return [s for s in STANDARDS if normalise(s.name) == key]


def rating_for(text: str) -> Rating | None:
    """The rating that `text` states exactly (case-insensitive), or None."""
    key = normalise(text)
    for rating in RATINGS:
        if key == normalise(rating.name) or key in rating.aliases:
            return rating
    return None


def band_for_score(score: int) -> str | None:
    return next((name for low, high, name in SCORE_BANDS if low <= score <= high), None)


# Case standards are rated from key questions; the lowest '% Yes' falls in one of these bands
# (lowest share for the band, rating), before any professional discretion by the ratings panel.
CASE_STANDARDS: tuple[str, ...] = ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3")
KEY_QUESTION_BANDS: tuple[tuple[int, str], ...] = (
    (80, "Outstanding"),
    (65, "Good"),
    (50, "Requires improvement"),
    (0, "Inadequate"),
)
SCORED_DOMAINS: tuple[int, ...] = (1, 2, 3)  # resettlement (4.1) is rated but not scored
SCORE_MAX = 36


def band_for_percent(percent: int) -> str:
    """The rating band of a key question's '% Yes'."""
    return next(name for low, name in KEY_QUESTION_BANDS if percent >= low)


def scored_standards() -> list[Standard]:
    """The twelve standards whose points make up the overall score."""
    return [s for s in STANDARDS if s.domain_number in SCORED_DOMAINS]
