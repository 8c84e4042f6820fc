"""Data tables of textual patterns: headings, noise, document kinds. Rules live here, not in code."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yjs_qa.knowledge import framework as F
from yjs_qa.models import DocKind, SectionKind

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

# Headings only an inspection report has: its first standard, and the last of the court case standards.
_FIRST_STANDARD, _LAST_CASE_STANDARD = (
    re.escape(s.name.lower()) for s in F.STANDARDS if s.code in ("1.1", "2.4")
)
_HM = r"(?:hm|his majesty['’]?s|her majesty['’]?s)"
_HMIP = rf"{_HM} inspectorate of probation"
# The inspectorate, as questions and reports name it: "HMIP", "HM Inspectorate of Probation", "inspectors".
INSPECTORATE = rf"(?:hmip|hmi ?probation|{_HM} inspectorate(?: of probation)?|inspectorate|inspectors?)"
_CHIEF = r"chief inspector of probation"
_SERVICES = r"(yjss|yots|yoss|youth (justice|offending) (services|teams))"
_DECIDER = r"(cabinet|executive|delegated)"
_FEW = "|".join(("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"))
_RECEIVED = r"(received|considered|noted)"
# Section headings of council papers.
_PAPER_SECTIONS = (
    r"key issues|reasons? for (the )?decision|options considered|alternative options( considered)?|"
    r"(financial|legal) implications|wards? affected|key decision"
)
_RATING = F.rating_words("reports")
# Signals of each document kind, with weights; the highest total wins. Each kind's signals are
# general marks of that kind of publication, never one document's wording.
DOC_KIND_SIGNALS: tuple[tuple[DocKind, re.Pattern[str], int], ...] = tuple(
    (kind, re.compile(p, _I | re.MULTILINE), w)
    for kind, p, w in (
        # An inspection report, its foreword or its summary.
        (DocKind.INSPECTION_REPORT, r"^domain (one|two|three|1|2|3)\b", 3),
        (DocKind.INSPECTION_REPORT, r"^an inspection of youth", 3),
        (DocKind.INSPECTION_REPORT, r"^contents$", 1),
        (DocKind.INSPECTION_REPORT, rf"^(\d\.\d\.?\s+)?({_FIRST_STANDARD}|{_LAST_CASE_STANDARD})$", 2),
        (DocKind.INSPECTION_REPORT, r"^foreword$", 2),
        # A foreword signed by the Chief Inspector, on a line of its own.
        (DocKind.INSPECTION_REPORT, rf"^([\w.'’ -]{{3,40}},? )?({_HM} )?(interim )?{_CHIEF}\.?$", 3),
        (
            DocKind.INSPECTION_REPORT,
            r"\bthis inspection is (one|part) of (our|a|the)( [\w-]+){0,3} programme\b",
            2,
        ),
        (DocKind.INSPECTION_REPORT, r"\bwe have inspected and rated\b", 2),
        (DocKind.INSPECTION_REPORT, r"^(executive )?summary$", 1),
        # A press release: the inspectorate's own, a council newsroom page or a council's copy of one.
        (DocKind.PRESS_RELEASE, r"^ends$", 4),
        (DocKind.PRESS_RELEASE, r"^notes? to editors?", 4),
        (DocKind.PRESS_RELEASE, r"media enquiries", 2),
        (DocKind.PRESS_RELEASE, r"^(press|news|media) release\b|\bpress release (by|from)\b", 4),
        (DocKind.PRESS_RELEASE, r"\bnewsroom\b|\bpress office\b", 3),
        (DocKind.PRESS_RELEASE, r"^(back to|latest|council) news\b", 2),
        # The inspectorate announcing its own findings, and a headline announcing a rating.
        (DocKind.PRESS_RELEASE, rf"\b{_HMIP} has (rated|praised|found|judged|published)\b", 2),
        (DocKind.PRESS_RELEASE, rf"\ban {_HMIP} inspection of\b", 2),
        (DocKind.PRESS_RELEASE, r"\bhas (received|been given|been awarded) an overall rating of\b", 2),
        (DocKind.PRESS_RELEASE, rf"\A\s*[^\n]*[‘'\"“]({_RATING})[’'\"”]", 2),
        (DocKind.PRESS_RELEASE, rf"\b(has been|have been|was|were) rated (as )?[‘'\"“]?({_RATING})\b", 1),
        (DocKind.PRESS_RELEASE, r"\b(chief inspector|director of operations)\b[^\n“\"]{0,60}:\s*[“\"]", 1),
        # Council papers: committee papers, minutes and cabinet decisions.
        (DocKind.COUNCIL_PAPER, r"^report to:?$", 3),
        (DocKind.COUNCIL_PAPER, r"^date of meeting:?", 3),
        (DocKind.COUNCIL_PAPER, r"\b(cabinet|committee|council) is (recommended|asked) to\b", 3),
        (DocKind.COUNCIL_PAPER, r"^background documents", 1),
        (DocKind.COUNCIL_PAPER, r"^minutes:?$|\bminutes of (the )?(meeting|proceedings)\b", 3),
        (DocKind.COUNCIL_PAPER, r"^agenda( item)?\b", 3),
        (
            DocKind.COUNCIL_PAPER,
            rf"^(record of )?({_DECIDER} )?decisions?( record| notice| taken| made)?:?$",
            3,
        ),
        (DocKind.COUNCIL_PAPER, r"^(present|apologies( for absence)?|declarations? of interests?)\s*:?", 3),
        (DocKind.COUNCIL_PAPER, r"\b(cabinet member|portfolio holder|lead member) for\b", 1),
        (DocKind.COUNCIL_PAPER, r"^resolved\b", 3),
        (
            DocKind.COUNCIL_PAPER,
            rf"\b(we|the committee|members|{_DECIDER}|the panel) {_RECEIVED} (a|the) report",
            3,
        ),
        (DocKind.COUNCIL_PAPER, r"\b(select|scrutiny|overview and scrutiny|audit) committee\b", 2),
        (DocKind.COUNCIL_PAPER, rf"^({_PAPER_SECTIONS})\s*:?", 2),
        # News articles: bylines and newspaper furniture.
        (DocKind.NEWS_ARTICLE, r"^(by )?[A-Z][a-z]+ [A-Z][a-z]+\s*$\n+^\w+day, ", 3),
        (DocKind.NEWS_ARTICLE, r"^by [A-Z][\w'’-]+ [A-Z][\w'’-]+(,[^\n]{0,60})?$", 3),
        (
            DocKind.NEWS_ARTICLE,
            r"^\w+day,? \d{1,2} \w+,? \d{4},? \d{1,2}[.:]\d{2} ?(am|pm)$",
            2,
        ),  # a timestamp
        (DocKind.NEWS_ARTICLE, r"\b(picture|image|photo):", 2),
        (DocKind.NEWS_ARTICLE, r"\bstock image\b", 2),
        (DocKind.NEWS_ARTICLE, r"subscribe|cookies", 1),
        (DocKind.NEWS_ARTICLE, r"^home\s{2,}\w+", 2),
        # National publications: the inspectorate's annual report, and thematic inspections (each
        # with its press release, which names it).
        (DocKind.ANNUAL_REPORT, rf"{_HMIP}[^.\n]{{0,120}}\bannual report\b", 4),
        (DocKind.ANNUAL_REPORT, r"\binspectorate['’]s (\w+ )?annual report\b", 4),
        (DocKind.ANNUAL_REPORT, rf"\bannual report (of|by|from) {_HMIP}", 4),
        (DocKind.ANNUAL_REPORT, r"\A\s*[^\n]*\bannual report\b", 2),
        (DocKind.ANNUAL_REPORT, rf"\b\d+ (per cent|%) of {_SERVICES}\b", 2),
        (DocKind.THEMATIC_INSPECTION, r"\bthematic\b", 4),
        (DocKind.THEMATIC_INSPECTION, rf"^an? (joint )?inspection by {_HMIP} and\b", 3),
        (DocKind.THEMATIC_INSPECTION, r"\b(inspected|inspecting|inspection of) this (topic|theme)\b", 3),
        (DocKind.THEMATIC_INSPECTION, rf"\b(\d+|{_FEW}) {_SERVICES}\b", 2),
        (DocKind.THEMATIC_INSPECTION, r"\bacross england and wales\b|\bnational (data|framework)\b", 1),
    )
)
