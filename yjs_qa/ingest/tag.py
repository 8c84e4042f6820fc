"""Tag a document: its title, and the youth justice service it is about (its kind: kinds.py; its date:
dates.py).

The service is the one the document names most, by where it names it.

A name counts by where it stands: in the title ("An inspection of youth justice services in X"), as
a service in the text ("X Youth Justice Service"), as the council whose paper or page it is ("X
Council"), or as a place the title names. Names the services table knows resolve to its service;
a name the table lacks that the document states as its service ("Testshire Youth Justice Service
has received ...") is honoured with a note. Dates, headings and committee names never become
services: a name must read as a place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from yjs_qa.ingest.kinds import NATIONAL_KINDS, detect_kind
from yjs_qa.knowledge.lexicon import DAYS, MONTHS
from yjs_qa.knowledge.scale import RATINGS
from yjs_qa.knowledge.services import (
    LEADING_WORDS,
    NAME_THEN_SERVICE,
    QUALIFIERS,
    SERVICE_THEN_NAME,
    resolve_service,
    service_key,
    service_table,
)
from yjs_qa.models import DocKind

BREADCRUMB = re.compile(r"^\S+(?:\s{3,}\S+){2,}\s*$")
JOIN_WORDS = ("in", "of", "for", "and", "on", "the", "at")

# Votes for a service by where it is named. The title says what a document is about (5); the text's
# "youth justice services in X" is a report's title form (2); each other mention of "X YJS", and the
# a council whose paper or page it may be ("X Council") half that, as a council names its own
# service in passing too; a place the title names, where the text names it too, 3 (a headline names
# its place without the service words: "Newham 'must improve' youth offender services").
TITLE_VOTE, IN_FORM_VOTE, TEXT_VOTE, COUNCIL_VOTE, TITLE_PLACE_VOTE = 5, 2, 1, 0.5, 3
# A council named as one ("Lancashire County Council", "Newham Council").
COUNCIL = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'’&-]*\s+(?:and\s+|&\s+|upon\s+|on\s+)?){1,5}?)"
    r"(?:County |City |Borough |Metropolitan Borough |District |Unitary )?Council\b"
)
UNNAMED_SERVICE = re.compile(
    r"\byouth (?:justice|offending) (?:service|team|partnership)\b|\b(?:YJS|YOT|YOS)\b", re.IGNORECASE
)
# Words that begin no place's name: generic words of reports, councils and the inspectorate, dates.
NOT_A_PLACE = frozenset(
    w.lower()
    for w in (
        *MONTHS,
        *DAYS,
        *(wording.split()[0] for rating in RATINGS for wording in rating.wordings),  # 'Good', 'Requires'
        "youth", "justice", "offending", "national", "local", "regional", "annual", "inspection", "report",
        "review", "board", "committee", "council", "county", "city", "borough", "cabinet", "scrutiny",
        "children", "childrens", "young", "people", "family", "families", "early", "help", "service",
        "services", "department", "directorate", "team", "our", "their", "this", "that", "these", "the",
        "a", "an", "hm", "hmip", "probation", "police", "nhs", "her", "his", "majesty", "majestys",
        "chief", "inspector", "inspectorate", "director", "head", "manager", "member", "councillor",
        "cllr", "integrated", "targeted", "joint", "new", "rated", "welsh", "english", "british", "uk",
        "england", "wales", "government", "ministry", "home", "office", "all", "every", "each", "its",
        "his", "whole", "statutory",
    )
)  # fmt: skip
NONE_NAMED = "no youth justice service named"
NOT_IN_TABLE = "not in the services table"


@dataclass(frozen=True)
class ServiceTag:
    """A document's service and, where the table does not hold it or none was found, a note why."""

    service: str | None
    note: str | None = None
    unknown: tuple[str, ...] = ()  # names used like a service's that the services table lacks


def tag_service(text: str, title: str, kind: DocKind | None = None) -> ServiceTag:
    """The service a document is about: the most-voted name, a table service or one the document
    states as its own; None for a national publication, a tie, or no name at all."""
    kind = detect_kind(text) if kind is None else kind
    if kind in NATIONAL_KINDS:
        return ServiceTag(None, f"a national publication ({kind.value}) is about no one service")
    flat = " ".join(text.split())
    votes: dict[str, float] = {}  # a council counts half
    stated: Counter[str] = Counter()  # names the table lacks, stated as the service inspected
    mentioned: dict[str, None] = {}  # names the table lacks, used like a service's
    for source, in_form, text_vote in ((title, TITLE_VOTE, TITLE_VOTE), (flat, IN_FORM_VOTE, TEXT_VOTE)):
        for pattern, vote, name_first in (
            (SERVICE_THEN_NAME, in_form, False),
            (NAME_THEN_SERVICE, text_vote, True),
        ):
            for m in pattern.finditer(source):
                if service := resolve_service(m.group("name"), name_first=name_first):
                    votes[service] = votes.get(service, 0) + vote
                elif name := place_name(m.group("name"), name_first):
                    mentioned[name] = None
                    if _as_subject(source, m, name_first, source is title):
                        stated[name] += vote
    youth_justice = bool(votes or stated or UNNAMED_SERVICE.search(flat))
    if youth_justice:
        for m in COUNCIL.finditer(flat):
            if service := resolve_service(m.group("name").strip()):
                votes[service] = votes.get(service, 0) + COUNCIL_VOTE
        for service in _places(title, flat):
            votes[service] = votes.get(service, 0) + TITLE_PLACE_VOTE
    names = tuple(mentioned)
    best_stated = stated.most_common(1)[0] if stated else None
    if votes:
        (best, top), *rest = sorted(votes.items(), key=lambda kv: -kv[1])[:2]
        if best_stated and best_stated[1] > top:
            return _stated(*best_stated, names)
        if rest and rest[0][1] == top:
            return ServiceTag(None, f"{best} and {rest[0][0]} named equally often", names)
        return ServiceTag(best, None, names)
    if best_stated:
        return _stated(*best_stated, names)
    if youth_justice:  # a council's own page on "the Youth Justice Service", the council unknown to the table
        councils = Counter(n for m in COUNCIL.finditer(flat) if (n := place_name(m.group("name"), True)))
        if len(councils) == 1:
            (council,) = councils
            return ServiceTag(council, f"{council!r}, the council it is from, is {NOT_IN_TABLE}", names)
    why = f"named {', '.join(repr(n) for n in names[:3])}, {NOT_IN_TABLE}" if names else NONE_NAMED
    return ServiceTag(None, why, names)


# What follows a service named as the subject of its inspection: 'X Youth Justice Service (YJS) has
# received', 'X YOT was rated', 'X YJS rated 'Good''.
SUBJECT_VERB = re.compile(
    r"^\s*(?:\([A-Z]{2,5}\)\s*)?(?:[,–—-]\s*)?(?:has|have|had|was|were|is|are)?\s*(?:been\s+|now\s+)?"
    r"(?:received|rated|inspected|judged|found|given|awarded|graded|assessed|deemed)\b",
    re.IGNORECASE,
)
INSPECTION_OF = re.compile(r"\binspection of\s+$", re.IGNORECASE)


def _as_subject(source: str, m: re.Match[str], name_first: bool, in_title: bool) -> bool:
    """Whether a name the table lacks is stated as the service inspected: in the title or after
    'inspection of' ('youth justice services in X'), or before a verb of rating ('X YJS was rated')."""
    if not name_first:
        return in_title or bool(INSPECTION_OF.search(source[max(0, m.start() - 20) : m.start()]))
    return bool(SUBJECT_VERB.match(source[m.end() :]))


def _stated(name: str, votes: int, names: tuple[str, ...]) -> ServiceTag:
    return ServiceTag(name, f"{name!r} is {NOT_IN_TABLE}: the document names it as its service", names)


def place_name(name: str, name_first: bool = True) -> str | None:
    """A name caught beside the service words, cleaned, if it reads as a place ('Testshire',
    'Newtown and District'); None for 'The', 'Annual', 'March 2024' or a committee's name."""
    words = LEADING_WORDS.sub("", name.strip()).replace("’", "'").split()
    if words:
        words[-1] = re.sub(r"'s?$", "", words[-1])
    # Before the service words a name is its last words, after them its first ones.
    joiners = {"and", "&", "on", "upon", "of", "the", "with", "a", "ac", "ar", "y"}
    while words and words[0].lower() in joiners:
        words.pop(0)
    while words and words[-1].lower() in joiners:
        words.pop()
    if not words or len(words) > 5:
        return None
    if any(not (w[:1].isupper() or w.lower() in joiners) or re.search(r"\d", w) for w in words):
        return None
    if words[0].lower().strip("'") in NOT_A_PLACE or words[-1].lower() in NOT_A_PLACE:
        return None
    return " ".join(words)


def _places(title: str, text: str) -> set[str]:
    """Services whose place the title names without service words ("Newham 'must improve' ..."),
    where the text names the place too."""
    key = f" {service_key(title)} "
    body = f" {service_key(text)} "
    found: set[str] = set()
    for alias, service in service_table().items():
        at = key.find(f" {alias} ")
        if at < 0 or f" {alias} " not in body:
            continue
        before = key[:at].split()
        if before and before[-1] in QUALIFIERS:
            continue  # "Greater Manchester" is not Manchester
        found.add(service)
    return found


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
