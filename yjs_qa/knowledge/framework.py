"""The HMIP youth justice inspection framework as data: domains, standards and their words.

Every word the code reads for a domain or a standard is in the tables below, and every pattern for
them is generated from these tables. The rating scale is scale.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def _phrase_spans(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            spans.append((m.start(), m.end()))
    return spans


def infer_from_text(text: str) -> tuple[Domain | None, Standard | None]:
    """Domain and standard named in running text, only when unambiguous; else None."""
    low = text.lower()
    # Longest phrases claim their span first, so "out-of-court disposals" is not also "court".
    claims: list[tuple[int, int, Domain]] = []
    for domain in DOMAINS:
        for start, end in _phrase_spans(low, domain.mentions):
            claims.append((start, end, domain))
    claims.sort(key=lambda c: c[0] - c[1])
    taken: list[tuple[int, int]] = []
    domains: set[int] = set()
    for start, end, domain in claims:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            domains.add(domain.number)
    if len(domains) > 1:
        return None, None
    named = [s for s in STANDARDS if len(s.name.split()) > 1 and _phrase_spans(low, (s.name.lower(),))]
    if domains:
        named = [s for s in named if s.domain_number in domains]
    named_domains = {s.domain_number for s in named}
    if len({s.code for s in named}) == 1:
        return domain_by_number(named[0].domain_number), named[0]
    if len(named_domains) == 1:
        return domain_by_number(next(iter(named_domains))), None
    if domains and not named:
        return domain_by_number(next(iter(domains))), None
    return None, None
