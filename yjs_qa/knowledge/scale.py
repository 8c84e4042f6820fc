"""The four-point rating scale as data: each rating's name, wordings, points, short code and bands.

Every word the code reads for a rating is in RATINGS, and every pattern for one is built from it
(ratings/vocabulary.py), and the front ends' lists and styles read its names
(yjs_qa.RATING_NAMES): a new wording is one line here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yjs_qa.knowledge.framework import STANDARDS, Standard, normalise


@dataclass(frozen=True)
class Rating:
    """A rating, the points it scores towards the overall 0-36 score, its short code and its wordings."""

    name: str
    points: int
    short: str  # the code a ratings grid prints: "RI"
    wordings: tuple[str, ...]  # lower case; the name's own first
    score_band: tuple[int, int]  # overall scores (0-36) in this rating's band, as commonly published
    key_question_from: int  # the lowest key question's '% Yes' from which a case standard is in this band
    # Also an everyday word ("good practice"): read as a rating only quoted, capitalised or asked about.
    everyday: bool = False

    @property
    def aliases(self) -> tuple[str, ...]:
        """The wordings besides the name."""
        return tuple(w for w in self.wordings if w != self.name.lower())


RATINGS: tuple[Rating, ...] = (
    Rating("Outstanding", 3, "O", ("outstanding",), (31, 36), 80),
    Rating("Good", 2, "G", ("good",), (19, 30), 65, everyday=True),
    Rating(
        "Requires improvement",
        1,
        "RI",
        # Reports write it in the past ('required improvement') and news as 'requiring improvement'.
        (
            "requires improvement",
            "requires improvements",
            "require improvement",
            "require improvements",
            "required improvement",
            "required improvements",
            "requiring improvement",
        ),
        (7, 18),
        50,
    ),
    Rating("Inadequate", 0, "I", ("inadequate",), (0, 6), 0),
)
_NAMED: dict[str, Rating] = {w: r for r in RATINGS for w in r.wordings}

# Overall score bands (0-36 over the twelve standards of domains 1-3): consistent with
# Southend-on-Sea 16/36 and East Sussex 25/36.
SCORE_BANDS: tuple[tuple[int, int, str], ...] = tuple((*r.score_band, r.name) for r in reversed(RATINGS))
SCORE_MAX = 36
SCORED_DOMAINS: tuple[int, ...] = (1, 2, 3)  # resettlement (4.1) is rated but not scored
# Case standards are rated from key questions; the lowest '% Yes' falls in one of these bands
# (lowest share for the band, rating), before any professional discretion by the ratings panel.
CASE_STANDARDS: tuple[str, ...] = ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3")
KEY_QUESTION_BANDS: tuple[tuple[int, str], ...] = tuple((r.key_question_from, r.name) for r in RATINGS)


def rating_words() -> str:
    """Regex alternatives for every wording of every rating, longest first, so that 'requires
    improvements' is read whole; any white space between its words (a line break in minutes)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_NAMED, key=len, reverse=True))


def rating_verbs() -> str:
    """Regex alternatives for the wordings that are a verb with its object ('required improvement'),
    which state a rating without a rating noun: 'found the service to require improvement'."""
    verbs = [w for w in _NAMED if " " in w and not w.split()[0].endswith("ing")]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(verbs, key=len, reverse=True))


def rating_for(text: str) -> Rating | None:
    """The rating that `text` states exactly (any case, quotes and punctuation aside), or None."""
    return _NAMED.get(normalise(text).strip("'"))


def canonical(word: str) -> str:
    """The rating's name for a wording ('requiring improvement' -> 'Requires improvement'); a
    wording the scale does not know stays as written."""
    rating = rating_for(word)
    return rating.name if rating else word.strip()


def short_codes() -> dict[str, str]:
    """Each rating's short code: 'Requires improvement' -> 'RI'."""
    return {r.name: r.short for r in RATINGS}


def band_for_score(score: int) -> str | None:
    return next((name for low, high, name in SCORE_BANDS if low <= score <= high), None)


def band_for_percent(percent: int) -> str:
    """The rating band of a key question's '% Yes'."""
    return next(name for low, name in KEY_QUESTION_BANDS if percent >= low)


def scored_standards() -> list[Standard]:
    """The twelve standards whose points make up the overall score."""
    return [s for s in STANDARDS if s.domain_number in SCORED_DOMAINS]
