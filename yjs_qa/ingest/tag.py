"""Tag documents (kind, service, title, date) and untitled passages (domain, standard) from text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from yjs_qa.knowledge import patterns as P
from yjs_qa.knowledge.framework import DOMAINS, STANDARDS, Domain, Standard, domain_by_number
from yjs_qa.knowledge.lexicon import MONTHS, alternatives
from yjs_qa.knowledge.services import LEADING_WORDS, NAME_THEN_SERVICE, SERVICE_THEN_NAME, resolve_service
from yjs_qa.models import DocKind
from yjs_qa.settings import SETTINGS

BREADCRUMB = re.compile(r"^\S+(?:\s{3,}\S+){2,}\s*$")
JOIN_WORDS = ("in", "of", "for", "and", "on", "the", "at")

_MONTH = alternatives(MONTHS)
_MON = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"  # 'Sept' is read as 'Sep' (_iso)
DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH}),? (\d{{4}})\b"), "%d %B %Y"),
    (re.compile(rf"\b({_MONTH}) (\d{{1,2}}),? (\d{{4}})\b"), "%B %d %Y"),
    (re.compile(rf"\b({_MONTH}),? (\d{{4}})\b"), "%B %Y"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MON})\.?,? (\d{{4}})\b"), "%d %b %Y"),
)
# Dates in figures, read only where no date in words is found: a header's figures are as often a
# reference or a fieldwork date as the publication's.
NUMERIC_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "%Y %m %d"),  # ISO
    # Day first, as UK pages write it: 03/03/2024, 12.04.2023.
    (re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/.])"), "%d %m %Y"),
)
PUBLISHED_CONTEXT = re.compile(r"\b(published|available|released|issued)\b[^.]{0,80}$", re.IGNORECASE)


# Kinds about the country, not one service: their service is always None.
NATIONAL_KINDS = frozenset({DocKind.ANNUAL_REPORT, DocKind.THEMATIC_INSPECTION})
# Votes for a service by where it is named: in the title, in the text as "youth justice services in
# X" (a report's title form), or in the text as "X YJS".
TITLE_VOTE, IN_FORM_VOTE, TEXT_VOTE = 5, 2, 1
# A council named as one ("Lancashire County Council"), and a youth justice service spoken of
# without a place ("the Youth Justice Service", "the YOT"): a council's paper or news page about
# its own service, which it does not name by place.
COUNCIL = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'’&-]*\s+(?:and\s+|&\s+)?){1,5}?)"
    r"(?:County |City |Borough |Metropolitan Borough |District |Unitary )?Council\b"
)
UNNAMED_SERVICE = re.compile(
    r"\byouth (?:justice|offending) (?:service|team|partnership)\b|\b(?:YJS|YOT|YOS)\b", re.IGNORECASE
)


NONE_NAMED = "no youth justice service named"


@dataclass(frozen=True)
class ServiceTag:
    """A document's service, or None with a note saying why the tagger could not tell."""

    service: str | None
    note: str | None = None
    unknown: tuple[str, ...] = ()  # names used like a service's that the services table lacks


def tag_service(text: str, title: str, kind: DocKind | None = None) -> ServiceTag:
    """The service a document is about: the most-voted service the table knows, or None.

    A name counts only when it resolves to the services table, so a date, a month phrase, a heading
    or a committee name is never a service. National publications have none; nor has a tie.
    """
    kind = detect_kind(text) if kind is None else kind
    if kind in NATIONAL_KINDS:
        return ServiceTag(None, f"a national publication ({kind.value}) is about no one service")
    votes: Counter[str] = Counter()
    unknown: dict[str, None] = {}
    flat = " ".join(text.split())
    for source, in_form, text_vote in ((title, TITLE_VOTE, TITLE_VOTE), (flat, IN_FORM_VOTE, TEXT_VOTE)):
        for pattern, vote, name_first in (
            (SERVICE_THEN_NAME, in_form, False),
            (NAME_THEN_SERVICE, text_vote, True),
        ):
            for m in pattern.finditer(source):
                if service := resolve_service(m.group("name"), name_first=name_first):
                    votes[service] += vote
                elif _looks_like_a_name(m.group("name")):
                    unknown[m.group("name").rstrip(".’'")] = None
    names = tuple(unknown)
    if not votes and UNNAMED_SERVICE.search(flat):
        councils = {x for m in COUNCIL.finditer(flat) if (x := resolve_service(m.group("name").strip()))}
        if len(councils) == 1:
            return ServiceTag(councils.pop(), None, names)  # the one council's own service
    if not votes:
        why = f"named {', '.join(repr(n) for n in names[:3])}, not in the services table" if names else ""
        return ServiceTag(None, why or NONE_NAMED, names)
    (best, top), *rest = votes.most_common(2)
    if rest and rest[0][1] == top:
        return ServiceTag(None, f"{best} and {rest[0][0]} named equally often", names)
    return ServiceTag(best, None, names)


def _looks_like_a_name(name: str) -> bool:
    """Whether words caught before 'Youth Justice Service' read as a name ("Narnia"), not "The"."""
    words = LEADING_WORDS.sub("", name.strip()).split()
    return bool(words) and words[-1][:1].isupper()


def detect_service(text: str, title: str, kind: DocKind | None = None) -> str | None:
    """The service a document is about, or None where the tagger is unsure (see `tag_service`)."""
    return tag_service(text, title, kind).service


def kind_scores(text: str) -> Counter[DocKind]:
    """Each kind's weight of signals (knowledge/patterns.py) in the text."""
    scores: Counter[DocKind] = Counter()
    for kind, pattern, weight in P.DOC_KIND_SIGNALS:
        if pattern.search(text):
            scores[kind] += weight
    return scores


def detect_kind(text: str, scores: Counter[DocKind] | None = None) -> DocKind:
    """The kind whose signals weigh most in the text (or in `scores`, kind_scores of it); OTHER if none."""
    scores = kind_scores(text) if scores is None else scores
    return scores.most_common(1)[0][0] if scores else DocKind.OTHER


def national_kind(scores: Counter[DocKind]) -> DocKind | None:
    """The national kind (annual report, thematic inspection) whose signals weigh most in a text's
    kind_scores, if any do: for a release or page that names no service, which is then a national
    publication's release."""
    national = Counter({k: w for k, w in scores.items() if k in NATIONAL_KINDS})
    return national.most_common(1)[0][0] if national else None


def detect_title(text: str, fields: dict[str, str]) -> str:
    """The title: a council paper's 'Title:' field, else the first real line(s) of the text."""
    if fields.get("title"):
        return fields["title"]
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    lines = [ln for ln in lines if not BREADCRUMB.match(ln)]
    if not lines:
        return ""
    title = " ".join(lines[0].split())
    if title.endswith((".", "!", "?")) or len(title.split()) > 25:
        return ""  # prose, not a title: the caller falls back to the file name
    rest = lines[1:]
    # Titles broken over two lines: "An inspection of youth justice services in" / "Southend-on-Sea"
    while rest and title.split()[-1].lower() in JOIN_WORDS and len(rest[0].split()) <= 8:
        title = f"{title} {' '.join(rest.pop(0).split())}"
    return title[:200]


def detect_date(text: str, fields: dict[str, str]) -> str | None:
    """Publication date: a form field, else a date in the header, else one near 'published'."""
    for label in ("date of meeting", "meeting date", "date"):
        value = fields.get(label) or ""
        if found := _first_date(value) or _first_date(value, NUMERIC_DATES):
            return found
    header = "\n".join([ln for ln in text.split("\n") if ln.strip()][: SETTINGS.ingest.header_lines])
    for patterns in (DATE_PATTERNS, NUMERIC_DATES):
        if found := _first_date(header, patterns):
            return found
        for pattern, fmt in patterns:
            for m in pattern.finditer(text):
                if PUBLISHED_CONTEXT.search(text[max(0, m.start() - 100) : m.start()]):
                    return _iso(m, fmt)
    return None


def _first_date(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...] = DATE_PATTERNS) -> str | None:
    found: list[tuple[int, str]] = []
    for pattern, fmt in patterns:
        m = pattern.search(text)
        if m and (iso := _iso(m, fmt)):
            found.append((m.start(), iso))
    if not found:
        return None
    # Prefer the earliest match; at the same place the fuller date (found first) wins.
    return min(found, key=lambda f: f[0])[1]


def _iso(m: re.Match[str], fmt: str) -> str | None:
    parts = [g for g in m.groups() if g not in ("/", ".")]  # the separator a numeric date repeats
    try:
        parsed = datetime.strptime(re.sub(r"\bSept\b", "Sep", " ".join(parts)), fmt)
    except ValueError:
        return None
    return parsed.strftime("%Y-%m") if "%d" not in fmt else parsed.strftime("%Y-%m-%d")


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
