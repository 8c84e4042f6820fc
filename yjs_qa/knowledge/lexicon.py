"""Plain English word lists (months, days, number words) and the lay-word thesaurus."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from yjs_qa.knowledge.patterns import whole_phrases

MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOLIDAYS: tuple[str, ...] = ("Christmas", "Easter")
# Number words and their values. A domain heading counts in words ("Domain two"); a count in a
# sentence may too ("fourteen cases"), so every word here is a number there.
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
}


def alternatives(words: tuple[str, ...] | dict[str, int]) -> str:
    """Regex alternatives for a word list: 'January|February|...'."""
    return "|".join(words)


@lru_cache(maxsize=1)
def thesaurus() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(lay phrases, report terms) from data/thesaurus.csv: `phrase` alternatives separated by ';'."""
    text = resources.files("yjs_qa.knowledge").joinpath("data/thesaurus.csv").read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(text.splitlines()):
        phrases = [p.strip() for p in row["phrase"].split(";") if p.strip()]
        rows.append((whole_phrases(phrases, re.IGNORECASE), row["report terms"]))
    return tuple(rows)
