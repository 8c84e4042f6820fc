"""Youth justice services as data (names, aliases, former names, councils, regions and combined areas
from data/services.csv, extended by a user's own services file) and the patterns of a service
named in text ('Wigan Youth Offending Service', 'Kent YJS').

The shipped table helps but never has the last word: a user's `services.csv` beside the corpus
(same columns, only `service` required) adds services, aliases and the councils a combined service
covers, without editing the installed package. The index stores it, and every process that opens
the index registers it (extend_services), so every filter and reader knows the same names.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

from yjs_qa.errors import YjsQaError
from yjs_qa.knowledge.framework import normalise

SERVICE_SUFFIX = (
    r"(?:Youth (?:Justice|Offending) (?:Services?|Teams?|Partnership)|YJS|YOS|YOT|YJT|YJ Service)"
)
# A service's name: capitalised words, with the joining words place names have ("Southend-on-Sea").
SERVICE_NAME = r"[A-Z][\w'’\-]*(?:(?: |-)(?:and|&|on|upon|of|the|[A-Z][\w'’\-]*))*"
SERVICE_IN_TEXT = re.compile(rf"\b(?P<name>{SERVICE_NAME}) {SERVICE_SUFFIX}\b")
STRIP_SUFFIX = re.compile(rf"\s*\(?\b{SERVICE_SUFFIX}\)?(?:\s*\((?:YJS|YOS|YOT)\))?\s*$", re.IGNORECASE)
LEADING_WORDS = re.compile(r"^(?:the|in|by|and|for|at|from|with|whilst|while|however) ", re.IGNORECASE)


SERVICE_COLUMNS = ("service", "aliases", "country", "region", "combined_of", "former_names", "councils")
NAME_COLUMNS = ("aliases", "former_names", "combined_of", "councils")  # other names a service goes by
# Rows a user added (their services file, or a service they named in a correction), by service name.
_EXTRA: dict[str, dict[str, str]] = {}


@lru_cache(maxsize=1)
def shipped_rows() -> tuple[dict[str, str], ...]:
    text = resources.files("yjs_qa.knowledge").joinpath("data/services.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def _rows() -> list[dict[str, str]]:
    return [*shipped_rows(), *_EXTRA.values()]


def _names(row: dict[str, str]) -> list[str]:
    names = [row["service"]]
    for column in NAME_COLUMNS:
        names += [a.strip() for a in (row.get(column) or "").split(";") if a.strip()]
    return names


@lru_cache(maxsize=1)
def service_table() -> dict[str, str]:
    """Normalised name, alias, former name or council -> canonical service name. A user's rows come
    after the shipped ones: they add names, and never take one the table gives another service."""
    rows = _rows()
    # A service's own name first: a historic service that covered it ('Cumbria' covered
    # 'Westmorland and Furness') never takes it.
    table: dict[str, str] = {service_key(row["service"]): row["service"] for row in reversed(rows)}
    for row in rows:
        for name in _names(row)[1:]:
            table.setdefault(service_key(name), row["service"])
    return table


def names_of(services: Iterable[str]) -> dict[str, str]:
    """The table's names and aliases, with `services` (an index's, some perhaps not in the table)
    each under its own name: key -> service."""
    table = dict(service_table())
    for service in services:
        table.setdefault(service_key(service), service)
    return table


def in_table(name: str) -> bool:
    """Whether the shipped table or a user's rows hold this name (or alias)."""
    return service_key(name) in service_table()


def extend_services(rows: Iterable[Mapping[str, str]]) -> None:
    """Register a user's services (rows with at least 'service') for this process: every reader
    and filter then knows their names. A row for a service already registered replaces it."""
    changed = False
    for row in rows:
        name = (row.get("service") or "").strip()
        if not name:
            continue
        clean = {c: (row.get(c) or "").strip() for c in SERVICE_COLUMNS} | {"service": name}
        if _EXTRA.get(name) != clean:
            _EXTRA[name] = clean
            changed = True
    if changed:
        for cached in (service_table, region_table, combined_services):
            cached.cache_clear()


def clear_user_services() -> None:
    """Forget every registered user service (a process that moves to another index; tests)."""
    if _EXTRA:
        _EXTRA.clear()
        for cached in (service_table, region_table, combined_services):
            cached.cache_clear()


def read_services_file(path: Path) -> list[dict[str, str]]:
    """A user's services file: a CSV with a 'service' column and any of the table's others
    (aliases, country, region, combined_of, former_names, councils; names split by ';')."""
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
        header = {(h or "").strip().lower() for h in (rows[0].keys() if rows else [])}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise YjsQaError(f"{path} cannot be read ({exc}); it must be a UTF-8 CSV file") from None
    if rows and ("service" not in header or not header <= set(SERVICE_COLUMNS)):
        raise YjsQaError(
            f"{path}: the first line must name its columns: 'service' and any of "
            f"{', '.join(repr(c) for c in SERVICE_COLUMNS[1:])} (found {', '.join(sorted(header))}). "
            "Nothing was changed."
        )
    return [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items()} for r in rows]


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
    name = re.sub(r"['’]s?$", "", name)  # "Southwark's Youth Justice Service"
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
