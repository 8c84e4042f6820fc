"""Youth justice services as data: names, aliases and regions from data/services.csv, and the
pattern of a service named in text ('Wigan Youth Offending Service', 'Kent YJS')."""

from __future__ import annotations

import csv
import re
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
