"""What kind of answer a question asks for, and whether a sentence can give it.

A question that asks for a quantity ("what percentage...", "how long...", "how many...") is only
answered by evidence that states one. Retrieval alone cannot tell: "How many first-time entrants
were there in Kent?" finds close passages about Kent that contain no figure, and the closeness of
those passages is no lower than for many answerable questions. The table below is the data; the
first row whose question pattern matches decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

_I = re.IGNORECASE
NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|dozen"
)
# A number standing on its own: the 19 of "Covid-19" or the 18 of "U18" counts nothing.
NUMBER = rf"(?:(?<![\w-])\d[\d,.]*|\b(?:{NUMBER_WORDS})\b)"
TIME_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?|fortnights?)"


@dataclass(frozen=True)
class AnswerType:
    name: str  # what the answer states, for messages: "a percentage"
    question: re.Pattern[str]  # a group named "counted" holds what is counted: "how many (cases)"
    evidence: re.Pattern[str]


@dataclass(frozen=True)
class Expectation:
    type: AnswerType
    counted: tuple[str, ...] = ()  # content words of what is counted; a number must come with one

    @property
    def name(self) -> str:
        return self.type.name

    @cached_property
    def count_near(self) -> re.Pattern[str] | None:
        """A number followed, within COUNT_WINDOW words, by what is counted; None if nothing is."""
        if not self.counted:
            return None
        stems = "|".join(re.escape(w[:5]) for w in self.counted)
        return re.compile(rf"{NUMBER}\s+(?:[\w'-]+\s+){{0,{COUNT_WINDOW}}}?(?:{stems})", _I)


ANSWER_TYPES: tuple[AnswerType, ...] = (
    AnswerType(
        "a percentage",
        re.compile(r"\b(what|which)\s+(percentage|proportion|share)\b|\bhow many per ?cent\b", _I),
        re.compile(
            r"\d\s*(%|per ?cent)|\b(half|quarter|third|two-thirds|three-quarters|majority|minority)\b", _I
        ),
    ),
    AnswerType(
        "a length of time",
        re.compile(rf"\bhow long\b|\bhow many {TIME_UNIT}\b", _I),
        re.compile(rf"(?:{NUMBER}|\ba few\b|\bseveral\b|\ban?\b)\s+{TIME_UNIT}\b", _I),
    ),
    AnswerType(
        "an amount of money",
        re.compile(
            r"\bhow much\b.*\b(money|funding|budget|cost|costs|spend|spent|grant)\b"
            r"|\bwhat (is|was|will be) the (budget|cost|funding)\b",
            _I,
        ),
        re.compile(r"£\s*\d|\d\s*(k|m|bn)\b|\d[\d,.]*\s*(pounds|million|billion)\b", _I),
    ),
    AnswerType(
        "a number",
        re.compile(
            r"\bhow many\s+(?P<counted>[\w'-]+(?:\s+[\w'-]+){0,2})"
            # "what is the (reoffending) rate": up to two words may name what is measured
            r"|\bwhat (is|was|are|were) the (?:[\w'-]+\s+){0,2}?(number|average|total|rate)s?\b"
            r"|\bthe number of\b",
            _I,
        ),
        re.compile(NUMBER, _I),
    ),
)

# Numbers that are not answers: list and section numbering at the start, dates and years.
_NOT_ANSWERS = re.compile(
    r"^\s*\(?\d+(\.\d+)*[.)]\s+|^\s*\d+(\.\d+)+\s+"
    r"|\b\d{1,2}(st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b"
    r"|\b(19|20)\d\d\b",
    _I,
)


# Words after "how many" that do not say what is counted.
_NOT_COUNTED = frozenset(
    "of the a an did do does were was is are have has had there in at to for by on with".split()  # noqa: SIM905
)
COUNT_WINDOW = 4  # words allowed between a number and what it counts: "14 out of 18 cases"


def expected(question: str) -> Expectation | None:
    """The kind of answer `question` asks for, if it asks for a quantity."""
    for t in ANSWER_TYPES:
        if m := t.question.search(question):
            what = (m.groupdict().get("counted") or "").lower().split()
            return Expectation(t, tuple(w for w in what if w not in _NOT_COUNTED))
    return None


def states(expect: Expectation, sentence: str) -> bool:
    """Whether `sentence` states the expected answer (dates and numbering do not count).

    A count must come with what it counts: "How many volunteers...?" wants "16 volunteers", not
    any number.
    """
    text = _NOT_ANSWERS.sub(" ", sentence)
    if not expect.type.evidence.search(text):
        return False
    return expect.count_near is None or bool(expect.count_near.search(text))


def any_states(expect: Expectation, sentences: Iterable[str]) -> bool:
    return any(states(expect, s) for s in sentences)
