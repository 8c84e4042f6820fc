"""The HMIP youth justice inspection framework as data: domains, standards, ratings and their words.

Every word the code reads for a domain, a standard or a rating is in the tables below, and every
pattern for them is generated from these tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Reader = Literal["names", "questions", "reports"]  # who reads a rating wording (Wording)


@dataclass(frozen=True)
class Domain:
    """One domain, with the words each reader takes for it."""

    number: int
    name: str
    aliases: tuple[str, ...] = ()  # forms a user may type as a filter ('ooc', 'custody')
    mentions: tuple[str, ...] = ()  # phrases that, in running text, name this domain (passage tags)
    question_phrases: tuple[str, ...] = ()  # phrases that, in a question, name it (search boosts)
    # Regex alternatives that, in a rating question, place 'planning' or 'assessment' in this domain.
    question_cues: str = ""


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
class Framework:
    """One edition of the framework: the years its reports were published in, its domains and standards."""

    years: str
    domains: tuple[Domain, ...]
    standards: tuple[Standard, ...]


@dataclass(frozen=True)
class Wording:
    """One way a rating is written, and which readers take it.

    Before #14 each reader kept its own list and the lists differed; the flags keep each reader's
    list as it was. `names`: rating_for (filters, the rating words a question uses, rating cells);
    `questions`: the rating-question detector; `reports`: the ratings extractor, which reads a
    report's past tense 'required' as 'requires' and keeps a form rating_for does not know as written.
    """

    text: str  # lower case
    names: bool = True
    questions: bool = True
    reports: bool = True


@dataclass(frozen=True)
class Rating:
    """A rating, the points it scores towards the overall 0-36 score, its short code and its wordings."""

    name: str
    points: int
    short: str  # the code a ratings grid prints: "RI"
    wordings: tuple[Wording, ...]
    score_band: tuple[int, int]  # overall scores (0-36) in this rating's band, as commonly published
    key_question_from: int  # the lowest key question's '% Yes' from which a case standard is in this band
    # Also an everyday word ("good practice"): counts as a rating only in a question about ratings.
    everyday: bool = False

    @property
    def aliases(self) -> tuple[str, ...]:
        """The forms rating_for accepts besides the name."""
        return tuple(w.text for w in self.wordings if w.names and w.text != self.name.lower())


# --- the 2018-2024 framework: what the code tags, filters and checks scores by -----------------
DOMAINS: tuple[Domain, ...] = (
    Domain(
        1,
        "Organisational delivery",
        ("organisation", "organisational", "organisational delivery"),
        ("organisational delivery",),
        ("organisational delivery",),
    ),
    Domain(
        2,
        "Court disposals",
        ("court", "court orders", "court sentences", "post-court", "post court", "court work"),
        ("court disposals", "court disposal", "court orders", "court sentences"),
        (
            "court disposals",
            "court disposal",
            "court orders",
            "court order",
            "court sentences",
            "post-court",
            "post court",
            "sentenced by the courts",
        ),
        r"\bcourt\b|\bcourt orders?\b|\bsentences?\b",
    ),
    Domain(
        3,
        "Out-of-court disposals",
        ("out of court", "ooc", "oocd", "oocds", "diversion", "out of court disposals"),
        ("out-of-court disposals", "out-of-court disposal", "out of court disposals", "oocd"),
        (
            "out-of-court disposals",
            "out-of-court disposal",
            "out-of-court",
            "oocd",
            "oocds",
            "ooc",
            "diversion",
            "cautions",
        ),
        r"\bout[- ]of[- ]court\b|\booc\w*\b|\bdiversion\b|\bcautions?\b|\bcommunity resolutions?\b",
    ),
    Domain(
        4,
        "Resettlement",
        ("custody", "release from custody"),
        ("resettlement",),
        ("resettlement", "custody", "leaving custody"),
        r"\bresettlement\b|\bcustody\b",
    ),
)
# The order a rating question's domain cues are tried in, first match wins: 'out-of-court' has 'court'.
QUESTION_CUE_ORDER: tuple[int, ...] = (3, 2, 4)

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

# --- the 2025 framework: reports number their own standards -----------------------------------
# Reference data: a report's own headings and ratings table are the truth, and rating_select reads
# a standard it rates under its own name ('2.1 Work with children') as that report's own standard.
FRAMEWORK_2018 = Framework("2018-2024", DOMAINS, STANDARDS)
FRAMEWORK_2025 = Framework(
    "2025",
    (
        Domain(1, "Organisational delivery"),
        Domain(2, "Work with children"),
        Domain(3, "Work with victims"),
    ),
    (
        Standard("1.1", "Leadership"),
        Standard("1.2", "Workforce"),
        Standard("1.3", "Partnerships"),
        Standard("1.4", "Services for children"),
        Standard("2.1", "Work with children"),
        Standard("3.1", "Work with victims"),
    ),
)
FRAMEWORKS: tuple[Framework, ...] = (FRAMEWORK_2018, FRAMEWORK_2025)
# National publications (the annual report, thematic inspections) inspect no one service, so no
# edition of the service framework applies to them.
NATIONAL_KINDS = frozenset({"annual report", "thematic inspection"})


def framework_for(date: str | None, kind: str | None = None) -> Framework | None:
    """The edition a document of this date and kind is inspected under; None when it is a national
    publication or its date is unknown (a later report's own headings and ratings are still read)."""
    if not date or kind in NATIONAL_KINDS:
        return None
    return FRAMEWORK_2025 if date[:4] >= FRAMEWORK_2025.years[:4] else FRAMEWORK_2018


def edition(date: str | None, kind: str | None = None) -> str | None:
    """framework_for's edition by name ('2018-2024', '2025'), as Document.framework holds it."""
    found = framework_for(date, kind)
    return found.years if found else None


# --- ratings ------------------------------------------------------------------------------------
RATINGS: tuple[Rating, ...] = (
    Rating("Outstanding", 3, "O", (Wording("outstanding"),), (31, 36), 80),
    Rating("Good", 2, "G", (Wording("good"),), (19, 30), 65, everyday=True),
    Rating(
        "Requires improvement",
        1,
        "RI",
        (
            Wording("requires improvement"),
            Wording("requires improvements", questions=False),
            Wording("require improvement"),
            Wording("require improvements", names=False, questions=False),
            Wording("required improvement", names=False, questions=False),
        ),
        (7, 18),
        50,
    ),
    Rating("Inadequate", 0, "I", (Wording("inadequate"),), (0, 6), 0),
)
# Overall score bands (0-36 over the twelve standards of domains 1-3): consistent with
# Southend-on-Sea 16/36 and East Sussex 25/36.
SCORE_BANDS: tuple[tuple[int, int, str], ...] = tuple((*r.score_band, r.name) for r in reversed(RATINGS))
_NAMED: dict[str, Rating] = {w.text: r for r in RATINGS for w in r.wordings if w.names}


def normalise(text: str) -> str:
    """Lower-case, unify dashes and '&', and squeeze everything else to single spaces."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z0-9.' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .")


def rating_words(reader: Reader) -> str:
    """Regex alternatives for every rating wording `reader` ('names', 'questions' or 'reports') takes,
    longest first, so that 'requires improvements' is read whole."""
    forms = [w.text for r in RATINGS for w in r.wordings if getattr(w, reader)]
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


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
    return _NAMED.get(normalise(text))


def band_for_score(score: int) -> str | None:
    return next((name for low, high, name in SCORE_BANDS if low <= score <= high), None)


# Case standards are rated from key questions; the lowest '% Yes' falls in one of these bands
# (lowest share for the band, rating), before any professional discretion by the ratings panel.
CASE_STANDARDS: tuple[str, ...] = ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3")
KEY_QUESTION_BANDS: tuple[tuple[int, str], ...] = tuple((r.key_question_from, r.name) for r in RATINGS)
SCORED_DOMAINS: tuple[int, ...] = (1, 2, 3)  # resettlement (4.1) is rated but not scored
SCORE_MAX = 36


def band_for_percent(percent: int) -> str:
    """The rating band of a key question's '% Yes'."""
    return next(name for low, name in KEY_QUESTION_BANDS if percent >= low)


def scored_standards() -> list[Standard]:
    """The twelve standards whose points make up the overall score."""
    return [s for s in STANDARDS if s.domain_number in SCORED_DOMAINS]
