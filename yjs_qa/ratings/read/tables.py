"""Ratings a report states in its ratings table and at the head of each standard's section.

A table's row says plainly which standard is rated, so its statements need no owner, scope or time
step: the row's label is the scope, the document's service the owner, and a report's table is its
own, current inspection."""

from __future__ import annotations

import re

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.scale import canonical
from yjs_qa.models import Passage
from yjs_qa.ratings.read.evidence import Statement
from yjs_qa.ratings.vocabulary import (
    CODED_NAME,
    DOMAIN_ROW,
    INLINE_STANDARD,
    OVERALL_LABEL,
    RATING_CELL,
    SECTION_RATING,
    SUPERSCRIPT,
    TABLE_SCORE,
)


def table_ratings(p: Passage) -> list[Statement]:
    """Ratings in a table passage: 'code name rating' rows, or names first and ratings after."""
    found: list[Statement] = []
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
            found.append(_row(m.group("code"), m.group("rating"), p, row, m.group("name").strip()))
            continue
        if cell := RATING_CELL.match(row):
            if overall_pending:
                found.append(_overall(cell, p, row, score))
                overall_pending = False
            elif queue:
                code, name_row = queue.pop(0)
                found.append(_row(code, cell.group("rating"), p, f"{name_row}: {row}"))
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


def section_rating(p: Passage) -> Statement | None:
    """The rating at the head of a standard's section: '2.1 Assessment: Inadequate. ...'."""
    m = SECTION_RATING.match(p.text)
    if m is None:
        return None
    f = Statement(canonical(m.group("rating")), "standard section", p, m.group(0), code=m.group("code"))
    f.scope = "standard"
    f.step("word", f.rating, "the rating the report gives at the head of the standard's section")
    f.step("scope", f"standard {f.code}", "the section's heading names the standard")
    return f


def _row(code: str, rating: str, p: Passage, text: str, name: str | None = None) -> Statement:
    f = Statement(canonical(rating), "ratings table", p, text, code=code, name=name, scope="standard")
    f.step("word", f.rating, "a rating cell of the report's ratings table")
    f.step("scope", f"standard {code}", f"the row names it: '{text}'")
    return f


def _overall(cell: re.Match[str], p: Passage, row: str, score: tuple[int, int] | None) -> Statement:
    f = Statement(canonical(cell.group("rating")), "ratings table", p, row)
    if cell.group("score"):
        f.score, f.score_max = int(cell.group("score")), int(cell.group("max"))
    elif score:
        f.score, f.score_max = score
    f.step("word", f.rating, "the overall rating cell of the report's ratings table")
    f.step("scope", "overall", f"the row is labelled overall: '{row}'")
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
