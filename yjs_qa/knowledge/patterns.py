"""Data tables of textual patterns: headings, noise, quotes, the inspectorate's names. Rules live here,
not in code. The signals of each document kind are ingest/kinds.py."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yjs_qa.models import SectionKind

_I = re.IGNORECASE


def whole_phrases(phrases: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern matching any of `phrases` as whole words, the longest first where two overlap."""
    alternatives = "|".join(re.escape(x) for x in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)


# Headings of whole sections in HMIP reports and around them. Level 1 resets domain and standard.
# (pattern, section kind or None to inherit)
TOP_SECTIONS: tuple[tuple[re.Pattern[str], SectionKind | None], ...] = tuple(
    (re.compile(p, _I), kind)
    for p, kind in (
        (r"^contents$", SectionKind.FRONT_MATTER),
        (r"^acknowledge?ments$", SectionKind.FRONT_MATTER),
        (r"^the role of hm inspectorate of probation$", SectionKind.FRONT_MATTER),
        (r"^foreword$", SectionKind.FOREWORD),
        (r"^ratings$", SectionKind.RATING),
        (r"^recommendations?:?$", SectionKind.RECOMMENDATION),
        (r"^background$", SectionKind.BACKGROUND),
        (r"^(the )?involvement of children.*$", SectionKind.INVOLVEMENT),
        (r"^diversity$", SectionKind.DIVERSITY),
        (r"^further information$", SectionKind.FRONT_MATTER),
        (r"^notes? to editors?:?$", SectionKind.NOTES),
        (r"^(executive )?summary$", SectionKind.KEY_FINDING),
        (r"^key (findings|messages)$", SectionKind.KEY_FINDING),
        (r"^conclusions?( and reasons for recommendations)?$", SectionKind.NARRATIVE),
        (r"^supporting information$", SectionKind.NARRATIVE),
        (r"^annex(e)?\b.*$", SectionKind.FRONT_MATTER),
        (r"^glossary$", SectionKind.FRONT_MATTER),
    )
)

# Sections that are boilerplate in every HMIP report: their text never becomes passages.
DROPPED_SECTIONS = re.compile(
    r"^(contents|the role of hm inspectorate of probation|further information)$", _I
)

DOMAIN_HEADING = re.compile(r"^domain\s+(?P<num>one|two|three|four|five|\d)\s*[:.\-–]\s*(?P<name>.+)$", _I)
STANDARD_HEADING = re.compile(r"^(?P<code>\d{1,2}\.\d{1,2})\.?\s+(?P<name>[A-Z][^.:;]{1,80})$")
# "1          Background" in council papers: a section number then a short title.
NUMBERED_HEADING = re.compile(r"^(?P<num>\d{1,2})\s+(?P<name>[A-Z][a-z][^.:;]{1,60})$")
# A bullet or numbered-item marker at the start of a line.
BULLET_MARK = re.compile(r"^\s*(?:[-*•▪●◦‣–]|\d{1,2}[.)])\s+")
SYMBOL_BULLET = re.compile(r"^\s*[-*•▪●◦‣–]\s+")

# Subheadings inside a standard (level 3) and the kind of passage below them.
SUBHEADINGS: tuple[tuple[re.Pattern[str], SectionKind], ...] = tuple(
    (re.compile(p, _I), kind)
    for p, kind in (
        (r"^strengths?:?$", SectionKind.STRENGTH),
        (r"^areas? (for|of) improvement:?$", SectionKind.AREA_FOR_IMPROVEMENT),
        (r"^areas? (that|which) require improvement:?$", SectionKind.AREA_FOR_IMPROVEMENT),
        (r"^key findings?.*:$", SectionKind.KEY_FINDING),
        (r"^(good|effective) practice( example)?s?:?$", SectionKind.NARRATIVE),
        (r"^.{3,140}\bshould:$", SectionKind.RECOMMENDATION),
        (r"^.{3,80}\b(is|are) recommended to:$", SectionKind.RECOMMENDATION),
    )
)

# Lines that are running headers or footers of PDF pages, whatever the service.
FOOTER_LINES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^(an )?inspection of youth (justice|offending) (services|work)\b.{0,80}$", _I),
    re.compile(r"^page \d+( of \d+)?$", _I),
)
PAGE_NUMBER = re.compile(r"^\d{1,3}$")

# Footnote markers at the start of a line: superscript digits, or LaTeX left over from extraction.
FOOTNOTE_START = re.compile(r"^\s*(?:[\u00b9\u00b2\u00b3\u2070-\u2079]+|\$\^\{[^$]*\}\$)\s*")
SUPERSCRIPTS = re.compile(r"\s?[\u00b9\u00b2\u00b3\u2070-\u2079]+")
# Footnotes repeated under every case standard; dropped wherever they occur.
BOILERPLATE_FOOTNOTES = re.compile(r"^the rating for the standard is driven by the lowest score", _I)

# Whole blocks that are publisher furniture, not content.
NOISE_BLOCKS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"you may re-use this information",
        r"open-government-licence|nationalarchives\.gov",
        r"^published by:?$",
        r"^hm inspectorate of probation \d",
        r"^follow us on",
        r"^isbn\b",
        r"crown copyright",
        r"^please note that throughout the report the names",
        r"^ends$",
        r"for media enquiries",
        r"this site uses cookies|we use cookies|accept (all )?cookies",
        r"\bclick here\b",
        r"^read more:",
        r"^subscribe$",
        r"^(sign up|register) (for|to)\b",
        r"^from £\d+",
        r"^share (this|on)\b",
        r"^advertisement$",
        # Photo captions: text ending in a credit.
        r"\b(picture|image|photo|photograph|credit):\s*[\w .,'’-]{2,60}$",
        r"\bstock image$",
    )
)

# Markers of a trailing subscription or related-content block: everything from the marker on is
# dropped when nothing after it is substantial.
TAIL_MARKERS = re.compile(
    r"digital membership|^subscribe|newsletter|related (articles|stories)|most read|"
    r"this site uses cookies|^more from",
    _I,
)

# Form fields at the top and bottom of council papers: "Date of meeting:" then its value.
FORM_FIELDS = re.compile(
    r"^(?P<label>report to|date of meeting|meeting date|date|by|title|purpose|report by|"
    r"contact officer|tel\.? no|email|local members|background documents|"
    r"electoral divisions?|wards? affected|key decision|forward plan reference)"
    r"\s*:?\s*(?P<value>.*)$",
    _I,
)

QUOTE_CHARS = "\"“”‘’'"
# "X said: “...”" and its variants introduce a quotation.
QUOTE_INTRO = re.compile(r"\b(said|says|added|continued|finished|commented|stated|told)\b:?\s*[\"“‘]", _I)

HM = r"(?:hm|his majesty['’]?s|her majesty['’]?s)"
HMIP = rf"{HM} inspectorate of probation"
# The inspectorate, as questions and reports name it: "HMIP", "HM Inspectorate of Probation", "inspectors".
INSPECTORATE = rf"(?:hmip|hmi ?probation|{HM} inspectorate(?: of probation)?|inspectorate|inspectors?)"
CHIEF_INSPECTOR = r"chief inspector of probation"
