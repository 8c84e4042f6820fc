"""Where a report states ratings: rows of a ratings table (prose statements: rating_statements.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yjs_qa.knowledge import framework as F
from yjs_qa.models import Passage

# The sources a rating is read from, best first: when two disagree, the better one stands.
SOURCE_RANK = {"ratings table": 0, "standard section": 1, "statement": 2}
# Every wording of a rating the extractor reads (knowledge/framework.py), longest first.
RATING_WORDS = F.rating_words("reports")
Q = r"['\"‘’“”]?"  # optional quote around a rating word

# --- rows of a ratings table (a linearised table has one cell per row) ---------------------------
OVERALL_LABEL = re.compile(r"\bover\w*\s*(?:all\s+)?(?:rating|judgement|grade)\b:?", re.IGNORECASE)
TABLE_SCORE = re.compile(r"\b(?P<score>\d{1,2})\s*/\s*(?P<max>\d{2})\b")
RATING_CELL = re.compile(
    rf"^{Q}(?P<rating>{RATING_WORDS}){Q}\s*(?:\((?P<score>\d{{1,2}})\s*/\s*(?P<max>\d{{2}})\))?\.?$",
    re.IGNORECASE,
)
INLINE_STANDARD = re.compile(
    rf"^(?P<code>\d\.\d)\.?\s+(?P<name>.+?)\s+(?P<rating>{RATING_WORDS})$", re.IGNORECASE
)
CODED_NAME = re.compile(r"^(?P<code>\d\.\d)\.?\s+(?P<name>\D.*)$")  # "2.1 Assessment"
DOMAIN_ROW = re.compile(r"^(?P<num>\d)\.?\s+(?P<name>\D.*)$")  # "2. Court disposals"
# The label chunk.py folds into a standard's description: "2.1 Assessment: Inadequate. ..."
SECTION_RATING = re.compile(rf"^(?P<code>\d\.\d) [^:]{{1,80}}: (?P<rating>{RATING_WORDS})\.", re.IGNORECASE)
SUPERSCRIPT = re.compile(r"\s?[\u00b9\u00b2\u00b3\u2070-\u2079]+")


@dataclass
class Found:
    """A rating as one source states it, before the best source for its standard is chosen."""

    code: str | None
    rating: str
    passage: Passage
    source: str
    text: str
    score: int | None = None
    score_max: int | None = None
    name: str | None = None  # the standard's name as the row states it
    earlier: bool = False  # a rating the service had before, not its current one
    year: int | None = None  # the year an earlier rating is dated by, where stated
    service: str | None = None  # another service the sentence names; None: the document's
    # Dated two or more years before the document: earlier if the document states a current rating
    # of the same standard, else its latest known one (ratings.document_ratings decides).
    stale: bool = False


def canonical(word: str) -> str:
    """The rating a report's wording states; a wording rating_for does not know stays as written."""
    word = re.sub(r"^required\b", "requires", word.strip(), flags=re.IGNORECASE)
    rating = F.rating_for(word)
    return rating.name if rating else word


def table_ratings(p: Passage) -> list[Found]:
    """Ratings in a table passage: 'code name rating' rows, or names first and ratings after."""
    found: list[Found] = []
    domain: int | None = None
    queue: list[tuple[str, str]] = []  # (code, row) of named standards still waiting for a rating
    overall_pending = False
    score: tuple[int, int] | None = None
    for row in (SUPERSCRIPT.sub("", r).strip() for r in p.text.split(";")):
        if (m := TABLE_SCORE.search(row)) and "score" in row.lower():
            score = (int(m.group("score")), int(m.group("max")))
        if label := OVERALL_LABEL.search(row):
            rest = row[label.end() :].strip()
            cell = RATING_CELL.match(rest)
            if cell:
                found.append(_overall(cell, p, row, score))
            overall_pending = cell is None
            continue
        if m := INLINE_STANDARD.match(row):
            rated = Found(m.group("code"), canonical(m.group("rating")), p, "ratings table", row)
            rated.name = m.group("name").strip()
            found.append(rated)
            continue
        if cell := RATING_CELL.match(row):
            if overall_pending:
                found.append(_overall(cell, p, row, score))
                overall_pending = False
            elif queue:
                code, name_row = queue.pop(0)
                text = f"{name_row}: {row}"
                found.append(Found(code, canonical(cell.group("rating")), p, "ratings table", text))
            continue
        if (m := DOMAIN_ROW.match(row)) and _domain_named(m.group("name")):
            domain = int(m.group("num"))
            continue
        if named := _standard_code(row, domain):
            queue.append((named, row))
    if score is not None:
        for f in found:
            if f.code is None and f.score is None:
                f.score, f.score_max = score
    return found


def _overall(cell: re.Match[str], p: Passage, row: str, score: tuple[int, int] | None) -> Found:
    f = Found(None, canonical(cell.group("rating")), p, "ratings table", row)
    if cell.group("score"):
        f.score, f.score_max = int(cell.group("score")), int(cell.group("max"))
    elif score:
        f.score, f.score_max = score
    return f


def _domain_named(name: str) -> bool:
    key = F.normalise(name)
    return any(key.startswith(F.normalise(d.name)) for d in F.DOMAINS)


def _standard_code(row: str, domain: int | None) -> str | None:
    if m := CODED_NAME.match(row):
        return m.group("code") if F.standard_by_code(m.group("code")) else None
    named = F.standards_named(row)
    if domain is not None:
        named = [s for s in named if s.domain_number == domain]
    return named[0].code if len(named) == 1 else None
