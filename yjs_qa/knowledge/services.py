"""Youth justice services as data (names, aliases, regions, combined areas from data/services.csv)
and the patterns of a service named in text ('Wigan Youth Offending Service', 'Kent YJS')."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from yjs_qa.knowledge.framework import normalise

SERVICE_SUFFIX = (
    r"(?:Youth (?:Justice|Offending) (?:Services?|Teams?|Partnership)|YJS|YOS|YOT|YJT|YJ Service)"
)
# A service's name: capitalised words, with the joining words place names have ("Southend-on-Sea").
SERVICE_NAME = r"[A-Z][\w'’\-]*(?:(?: |-)(?:and|&|on|upon|of|the|[A-Z][\w'’\-]*))*"
SERVICE_IN_TEXT = re.compile(rf"\b(?P<name>{SERVICE_NAME}) {SERVICE_SUFFIX}\b")
SERVICE_IN_TITLE = re.compile(
    rf"youth (?:justice|offending) (?:services?|work|teams?)(?: with children and victims)?"
    rf" in (?P<name>{SERVICE_NAME})",
    re.IGNORECASE,
)
STRIP_SUFFIX = re.compile(rf"\s*\(?\b{SERVICE_SUFFIX}\)?(?:\s*\((?:YJS|YOS|YOT)\))?\s*$", re.IGNORECASE)
LEADING_WORDS = re.compile(r"^(?:the|in|by|and|for|at|from|with|whilst|while|however) ", re.IGNORECASE)


def _rows() -> list[dict[str, str]]:
    text = resources.files("yjs_qa.knowledge").joinpath("data/services.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def service_table() -> dict[str, str]:
    """Normalised name or alias -> canonical service name, from data/services.csv."""
    table: dict[str, str] = {}
    for row in _rows():
        names = [row["service"], *filter(None, (a.strip() for a in row["aliases"].split(";")))]
        for name in names:
            table.setdefault(service_key(name), row["service"])
    return table


@lru_cache(maxsize=1)
def region_table() -> dict[str, list[str]]:
    """Region or country -> the canonical services in it, from data/services.csv.

    Countries count as well as regions, so "England and Wales" covers every English service.
    """
    regions: dict[str, list[str]] = {}
    for row in _rows():
        for place in dict.fromkeys((row["region"], row["country"])):
            regions.setdefault(place, []).append(row["service"])
    return regions


def service_key(name: str) -> str:
    key = normalise(name.replace("-", " "))
    return " ".join(re.sub(r"\b(county council|council)\b", " ", key).split())


def canonical_service(name: str) -> str:
    """The table's name for `name` ('southend', 'Essex YOS' -> 'Southend-on-Sea', 'Essex')."""
    name = LEADING_WORDS.sub("", name.strip())
    name = STRIP_SUFFIX.sub("", name).strip() or name
    table = service_table()
    key = service_key(name)
    for candidate in (key, re.sub(r"\s+county$", "", key)):
        if candidate in table:
            return table[candidate]
    # Other capitalised words can run into a name: "Kent YJS and Essex" caught two names, and a
    # headline joined to its story gives "rated Good Wigan Youth Offending Service". The service is
    # the longest known tail of the name, the words next to the suffix.
    words = key.split()
    for i in range(1, len(words)):
        if (tail := " ".join(words[i:])) in table:
            return table[tail]
    return name


# --- services named in a document, for tagging (ingest) ----------------------------------------
# The patterns above stay as they were: the query side reads them. Those below find where a
# document names a service; a name counts only when `resolve_service` finds it in the table.

# A name: capitalised words and the joining words of English and Welsh place names
# ("Southend-on-Sea", "Blackburn with Darwen", "St. Helens", "Sir y Fflint", "Gwynedd a Môn").
# The service words themselves never join a name: "Kent YJS and Essex YOS" names two services. A
# name has at most eight words, so a long run of capitalised words costs linear time.
_WORD = r"(?!(?:YJS|YOS|YOT|YJT|YJEIS|YPEJS|YJ|Youth|Young)\b)[A-Z][\w'’.\-]*"
MENTION_NAME = rf"{_WORD}(?:(?: |-)(?:and|&|with|on|upon|of|the|a|ac|ar|y|{_WORD})){{0,7}}"
_LONG_SUFFIX = (
    r"(?i:youth (?:justice|offending)(?: (?:and|&) [\w'’]+(?: [\w'’]+)?)? (?:services?|teams?|partnership)"
    r"|young people'?’?s engagement and justice service)"
)
_ABBREVIATION = r"(?:YJS|YOS|YOT|YJT|YJEIS|YPEJS|YJ Service)"
# "<Name> Youth Justice Service", "<Name> youth offending team", "<Name> Youth Justice and Early
# Intervention Service", "<Name> YOT": the name comes before the words.
NAME_THEN_SERVICE = re.compile(rf"(?<![\w'’])(?P<name>{MENTION_NAME}) (?:{_LONG_SUFFIX}|{_ABBREVIATION}\b)")
# "youth justice services in <Name>", "the youth offending team (YOT) in <Name>", "inspection of youth
# offending work in <Name>", and the Welsh "Gwasanaeth Cyfiawnder Ieuenctid <Name>": the name after.
SERVICE_THEN_NAME = re.compile(
    rf"(?:(?i:youth (?:justice|offending) (?:services?|work|teams?|partnership)"
    rf"(?: with children and victims)?)(?: \({_ABBREVIATION}\))? (?i:in|for)"
    rf"|(?i:(?:gwasanaeth|t[iî]m) (?:cyfiawnder|trosedd\w*) ieuenctid))"
    rf" (?P<name>{MENTION_NAME})"
)
# Words that make a different place of the name after them: "Greater Manchester" is not Manchester.
QUALIFIERS = frozenset(
    {"greater", "north", "south", "east", "west", "central", "mid", "inner", "outer", "upper", "lower"}
)
# Local-government words around a name: "Darlington Borough Council", "London Borough of Ealing".
COUNCIL_WORDS = re.compile(
    r"\b(?:(?:london|royal|metropolitan|county) borough(?: council)?(?: of)?|borough(?: council)?|"
    r"city council|county council|council)\b",
    re.IGNORECASE,
)
POSSESSIVE = re.compile(r"['’]s?$")


def resolve_service(name: str, *, name_first: bool = True) -> str | None:
    """The table's service for a name found in a document, or None: a name must be in the table.

    Capitalised words can run into a name. Before the service words ("rated Good Wigan YOT") the
    service is the longest known tail (`name_first`); after them ("services in Darlington As") the
    longest known head. A tail after a qualifier ("Greater Manchester") is another place: None.
    """
    table = service_table()
    words = LEADING_WORDS.sub("", name.strip()).split()
    if words:
        words[-1] = POSSESSIVE.sub("", words[-1])  # "Gateshead's Youth Justice Service"
    parts = (
        [words[i:] for i in range(len(words))]
        if name_first
        else [words[:i] for i in range(len(words), 0, -1)]
    )
    for i, part in enumerate(parts):
        if name_first and i and words[i - 1].lower() in QUALIFIERS:
            continue  # "Manchester" of "Greater Manchester"
        for key in _keys(" ".join(part)):
            if key in table:
                return table[key]
    return None


def _keys(name: str) -> list[str]:
    """The name's table keys: as written, without accents ("Môn"), without council words."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    forms = (name, folded, *(" ".join(COUNCIL_WORDS.sub(" ", n).split()) for n in (name, folded)))
    return [service_key(n) for n in dict.fromkeys(forms) if n]


@lru_cache(maxsize=1)
def combined_services() -> dict[str, tuple[str, ...]]:
    """Combined service -> the council areas it covers ('Western Bay' -> Swansea, ...), from the CSV."""
    return {
        row["service"]: tuple(a.strip() for a in row["combined_of"].split(";") if a.strip())
        for row in _rows()
        if row.get("combined_of")
    }
