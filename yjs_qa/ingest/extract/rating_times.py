"""When a rating stated in prose was given: whether a verb form states an earlier rating, and the
year a rating is dated by. rating_statements reads what is rated; this reads when."""

from __future__ import annotations

import re

from yjs_qa.ingest.extract.rating_forms import (
    EARLIER_AFTER,
    EARLIER_MARK,
    EARLIER_OPENING,
    NOW_MARK,
    YEAR_AFTER,
    YEAR_ANY,
)


def is_earlier(sentence: str, m: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    """Whether a verb form states an earlier rating: 'had been rated', or a past-time word in its clause."""
    if re.search(r"\b(?:had|having)\W+(?:\w+\W+){0,2}$", sentence[: m.start()], re.IGNORECASE):
        return True  # 'had been rated', 'having previously been rated'
    if EARLIER_AFTER.match(sentence[m.end() :]):
        return True  # 'rated Good at its last inspection'
    start = max([e for s, e in taken if e <= m.start()] + [0])
    clause = re.split(r"[,;:()–—]", sentence[start : m.start()] + m.group(0))[-1]
    marks = list(EARLIER_MARK.finditer(clause))
    if marks and not NOW_MARK.search(clause[marks[-1].end() :]):
        return True
    if re.match(r"\W*(?:when|at which time|at that time)\b", clause, re.IGNORECASE) and EARLIER_MARK.search(
        sentence[: m.start()]
    ):
        return not NOW_MARK.search(clause)  # 'last inspected in 2019, when it was rated ...'
    opening = EARLIER_OPENING.match(sentence)
    if opening and start <= opening.end() <= m.start():
        # 'When last inspected in 2019, X was rated ...': the opening dates the clause after it.
        return not NOW_MARK.search(sentence[opening.end() : m.end()])
    # 'had been inspected in 2017 and was then rated': 'then' after a past perfect or a year.
    adverbs = (m.groupdict().get("adv") or "").lower().split()
    return "then" in adverbs and bool(re.search(r"\bhad\b|\b(?:19|20)\d\d\b", clause))


def own_year(sentence: str, m: re.Match[str], taken: list[tuple[int, int]]) -> int | None:
    """The year a current-looking rating is dated by in its own clause: just after it, or before it
    since the last rating and after any 'now' ('rated Inadequate in 2019 and is now rated Good')."""
    if y := YEAR_AFTER.match(sentence[m.end() :]):
        return int(y.group("year"))
    if NOW_MARK.search(m.group(0)):
        return None  # 'is now rated Good'
    start = max([e for s, e in taken if e <= m.start()] + [0])
    clause = re.split(r"[;:()–—]", sentence[start : m.start()])[-1]
    if nows := list(NOW_MARK.finditer(clause)):
        clause = clause[nows[-1].end() :]
    years = YEAR_ANY.findall(clause)
    return int(years[-1]) if years else None


def earlier_year(sentence: str, m: re.Match[str]) -> int | None:
    """The year an earlier rating is dated by: just after it, else the last one before it."""
    if y := YEAR_AFTER.match(sentence[m.end() :]):
        return int(y.group("year"))
    years = YEAR_ANY.findall(sentence[: m.start()])
    return int(years[-1]) if years else None
