"""Step 4, which time: whether a rating is the current inspection's or an earlier one's, and the year
it is dated by. Wording decides first ('previously', 'up from', 'at its last inspection', 'had been
rated'); a rating dated two or more years before the document is stale, and reconcile decides
whether it is earlier (the document states a current one too) or the latest it knows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yjs_qa.ratings.read.words import Mention
from yjs_qa.ratings.vocabulary import (
    EARLIER_AFTER,
    EARLIER_MARK,
    EARLIER_OPENING,
    NOW_MARK,
    YEAR_AFTER,
    YEAR_ANY,
)


@dataclass(frozen=True)
class Time:
    earlier: bool
    year: int | None
    stale: bool
    why: str


def when(m: Mention, sentence: str, taken: list[tuple[int, int]], published: int | None) -> Time:
    """The time of the mention's rating. `taken` are the spans of every rating form in the sentence,
    `published` the document's year where known."""
    if m.earlier_by_form:
        year = m.year if m.form == "change" else earlier_year(sentence, m.match)
        return Time(True, year, False, f"the form says so: {m.why}")
    if m.form == "change":
        return Time(False, None, False, "the rating a change is to")
    if m.form == "rating named":  # words checked it stands beside an earlier time
        return Time(True, earlier_year(sentence, m.match), False, "a rating named beside an earlier time")
    earlier, why = is_earlier(sentence, m.match, taken)
    if earlier == PAST_PERFECT_ONLY:
        # 'The committee noted that the service had been rated Good': reported speech puts the
        # current rating in the past perfect too, so alone it is earlier only beside a current one.
        return Time(False, earlier_year(sentence, m.match), True, why)
    if earlier:
        return Time(True, earlier_year(sentence, m.match), False, why)
    year = own_year(sentence, m.match, taken)
    # Fieldwork comes months before publication, so a year before the document is the same
    # inspection; two or more years before, it may be an earlier one.
    if year and published and year <= published - 2:
        return Time(False, year, True, f"dated {year}, two or more years before the document ({published})")
    return Time(False, None, False, "no earlier time is said of it")


# is_earlier's answer where only a past perfect says so ('had been rated'), which reconcile weighs.
PAST_PERFECT_ONLY = 2


def is_earlier(sentence: str, m: re.Match[str], taken: list[tuple[int, int]]) -> tuple[int, str]:
    """Whether a verb form states an earlier rating (1, or PAST_PERFECT_ONLY where only a past
    perfect says so), or not (0), and why."""
    perfect = re.search(r"\b(?:had|having)\W+(?:\w+\W+){0,2}$", sentence[: m.start()], re.IGNORECASE)
    verdict, why = _earlier_words(sentence, m, taken)
    if verdict or not perfect:
        return verdict, why
    if perfect.group(0).lower().startswith("having"):
        return True, "'having been rated' beside the rating now"
    return PAST_PERFECT_ONLY, "a past perfect: 'had been rated'"


def _earlier_words(sentence: str, m: re.Match[str], taken: list[tuple[int, int]]) -> tuple[bool, str]:
    """Whether words of time say a verb form states an earlier rating."""
    if after := EARLIER_AFTER.match(sentence[m.end() :]):
        return True, f"an earlier time just after it: '{after.group(0).strip()}'"
    start = max([e for s, e in taken if e <= m.start()] + [0])
    clause = re.split(r"[,;:()–—]", sentence[start : m.start()] + m.group(0))[-1]
    marks = list(EARLIER_MARK.finditer(clause))
    if marks and not NOW_MARK.search(clause[marks[-1].end() :]):
        return True, f"an earlier time in its clause: '{marks[-1].group(0)}'"
    when = re.match(r"\W*(?:when|at which time|at that time)\b", clause, re.IGNORECASE)
    if when and EARLIER_MARK.search(sentence[: m.start()]) and not NOW_MARK.search(clause):
        return True, "'when' after an earlier time: 'last inspected in 2019, when it was rated'"
    opening = EARLIER_OPENING.match(sentence)
    if (
        opening
        and start <= opening.end() <= m.start()
        and not NOW_MARK.search(sentence[opening.end() : m.end()])
    ):
        return True, f"the sentence opens on an earlier time: '{opening.group(0).strip()}'"
    # 'had been inspected in 2017 and was then rated': 'then' after a past perfect or a year.
    adverbs = (m.groupdict().get("adv") or "").lower().split()
    if "then" in adverbs and re.search(r"\bhad\b|\b(?:19|20)\d\d\b", clause):
        return True, "'then' after a past perfect or a year"
    return False, ""


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
