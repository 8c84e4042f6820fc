"""A document's date: when it was published, or when the meeting it records met.

Only where the document states its own date: a date field ('Date of meeting:', 'Meeting:'), a line
that is a date or a dateline ('18 October 2023', 'Published 3 March 2024', 'HM Inspectorate of
Probation, September 2024', 'London, January 13, 2026 – ...'), or a headline that ends with its
date. A date inside a sentence is an event the document tells of (an inspection, an earlier
rating, a reorganisation), never its date; where none is stated, the date stays unknown.
"""

from __future__ import annotations

import re
from datetime import datetime

from yjs_qa.knowledge.lexicon import DAYS, MONTHS, alternatives
from yjs_qa.models import DocKind
from yjs_qa.settings import SETTINGS

_MONTH = alternatives(MONTHS)
_MON = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"  # 'Sept' is read as 'Sep' (_iso)
_DAY = rf"(?:(?:{alternatives(DAYS)}),?\s+)?"
WORD_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_DAY}\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH}),? (\d{{4}})\b"), "%d %B %Y"),
    (re.compile(rf"{_DAY}\b({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b"), "%B %d %Y"),
    (re.compile(rf"{_DAY}\b({_MONTH}),? (\d{{4}})\b"), "%B %Y"),
    (re.compile(rf"{_DAY}\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MON})\.?,? (\d{{4}})\b"), "%d %b %Y"),
)
# Dates in figures, read only where no date in words is found: a header's figures are as often a
# reference or a fieldwork date as the publication's.
FIGURE_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "%Y %m %d"),  # ISO
    # Day first, as UK pages write it: 03/03/2024, 12.04.2023.
    (re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/.])"), "%d %m %Y"),
)
# Form fields that hold the document's own date, in order of trust.
DATE_FIELDS = ("date of meeting", "meeting date", "meeting", "date", "published", "publication date")
# A line that says when it was published: 'Published 3 March 2024', 'First published: ...',
# 'Updated ...', 'Release date: ...', 'date 2022-12-16', '• Report published on ...'.
PUBLISHED_LINE = re.compile(
    r"^\W*(?:(?:the\s+|this\s+)?(?:report|article|story|page|news|press release|release)\s+)?(?:was\s+)?"
    r"(?:first\s+|last\s+)?(?:published|posted|updated|issued|released|release date|date[d]?)\b",
    re.IGNORECASE,
)
# 'is published on', 'will be available on the website on', 'was released on': a date just after.
PUBLISHED_BEFORE = re.compile(
    r"\b(?:is|are|was|will be|has been)\s+(?:published|available|released|issued)\b[^.]{0,60}\bon\s+$",
    re.IGNORECASE,
)
# What may stand around a date on a dateline: a publisher, a place, a day, separators.
DATELINE_WORDS = 7
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")


def detect_date(text: str, fields: dict[str, str], kind: DocKind | None = None) -> str | None:
    """The document's date (ISO, 'YYYY-MM' or 'YYYY-MM-DD'), or None where it states none."""
    for label in DATE_FIELDS:
        value = fields.get(label) or ""
        if found := first_date(value, WORD_DATES) or first_date(value, FIGURE_DATES):
            return found
    lines = [" ".join(ln.split()) for ln in text.split("\n") if ln.strip()]
    header = lines[: SETTINGS.ingest.header_lines]
    for patterns in (WORD_DATES, FIGURE_DATES):
        for line in header:
            if found := _dateline(line, patterns):
                return found
    if kind == DocKind.COUNCIL_PAPER:  # a paper's 'the report was published on' is the report's date
        return None
    for patterns in (WORD_DATES, FIGURE_DATES):
        for line in lines:
            if PUBLISHED_LINE.match(line) and (found := first_date(line, patterns)):
                return found
    # A release's own notes: 'The report is available on the website on 24 September 2024'.
    for pattern, fmt in WORD_DATES:
        for m in pattern.finditer(text):
            if PUBLISHED_BEFORE.search(text[max(0, m.start() - 80) : m.start()]) and (iso := _iso(m, fmt)):
                return iso
    return None


def _dateline(line: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    """The date a header line states as the document's own, or None: a date in a sentence is an event."""
    for cell in (c.strip() for c in re.split(r"\s[|•·]\s", line)):  # 'News | 14 Feb 2022 | Council'
        for pattern, fmt in patterns:
            for m in pattern.finditer(cell):
                iso = _iso(m, fmt)
                if iso is None:
                    continue
                if PUBLISHED_LINE.match(cell):
                    return iso  # 'Published 3 March 2024'
                before, after = cell[: m.start()], cell[m.end() :]
                if EVENT_BEFORE.search(before) or SENTENCE_END.search(before):
                    continue  # 'in April 2019', 'following an October 2025 inspection'
                lead = len(re.findall(r"\w+", before))
                if lead + len(re.findall(r"\w+", after)) <= DATELINE_WORDS and not SENTENCE_VERB.search(cell):
                    return iso  # a line that is a date: 'HM Inspectorate of Probation, September 2024'
                if lead <= DATELINE_WORDS and re.match(r"^\s*[–—|-]\s", after):
                    return iso  # a dateline: 'London, January 13, 2026 – Lambeth Council's ...'
                if not after.strip(" .") and not SENTENCE_VERB.search(before):
                    return iso  # a headline that ends with its date
    return None


# The word before a date that makes it an event's: 'in April 2019', 'since 2015', 'on 3 March'.
EVENT_BEFORE = re.compile(
    r"\b(?:in|on|since|from|until|till|after|before|during|between|by|following|of|at|to|and|an?|the)\W*$",
    re.IGNORECASE,
)
# Words of a sentence, not of a dateline or headline: a date among them is something that happened.
SENTENCE_VERB = re.compile(
    r"\b(?:was|were|is|are|has|have|had|will|would|visited|inspected|took place|carried out|met|held)\b",
    re.IGNORECASE,
)


def first_date(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...] = WORD_DATES) -> str | None:
    """The first date in `text`; at the same place the fuller date wins."""
    found: list[tuple[int, str]] = []
    for pattern, fmt in patterns:
        m = pattern.search(text)
        if m and (iso := _iso(m, fmt)):
            found.append((m.start(), iso))
    return min(found, key=lambda f: f[0])[1] if found else None


def _iso(m: re.Match[str], fmt: str) -> str | None:
    parts = [g for g in m.groups() if g not in ("/", ".")]  # the separator a numeric date repeats
    try:
        parsed = datetime.strptime(re.sub(r"\bSept\b", "Sep", " ".join(parts)), fmt)
    except ValueError:
        return None
    return parsed.strftime("%Y-%m") if "%d" not in fmt else parsed.strftime("%Y-%m-%d")
