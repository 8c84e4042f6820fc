"""What kind of answer a question asks for, and whether a sentence can give it.

A question that asks for a quantity ("what percentage...", "how long...", "how many...") is only
answered by evidence that states one. Retrieval alone cannot tell: "How many first-time entrants
were there in Kent?" finds close passages about Kent that contain no figure, and the closeness of
those passages is no lower than for many answerable questions. The figure must also be of what
was asked: a count comes with what it counts, a rate or percentage stands near what it measures.
The table below is the data; the first row whose question pattern matches decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import takewhile

from bm25s.stopwords import STOPWORDS_EN

from yjs_qa.knowledge.lexicon import MONTHS, NUMBER_WORDS, alternatives
from yjs_qa.knowledge.scale import rating_words
from yjs_qa.settings import SETTINGS

_I = re.IGNORECASE
# A number standing on its own: the 19 of "Covid-19" or the 18 of "U18" counts nothing.
NUMBER = rf"(?:(?<![\w-])\d[\d,.]*|\b(?:{alternatives(NUMBER_WORDS)})\b)"
TIME_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?|fortnights?)"
SHARES = r"half|quarter|third|two-thirds|three-quarters"  # a share stated in words


@dataclass(frozen=True)
class AnswerType:
    name: str  # what the answer states, for messages: "a percentage"
    # Named groups say what the figure is of: "counted"/"of" what a count counts ("how many
    # (cases)"); "before"/"after" what a rate measures; "of_what" what a percentage is of.
    question: re.Pattern[str]
    evidence: re.Pattern[str]


@dataclass(frozen=True)
class Expectation:
    type: AnswerType
    counted: tuple[str, ...] = ()  # content words of what is counted; a number must come with one
    measured: tuple[str, ...] = ()  # what a rate or percentage is of; a figure must stand near one
    role: tuple[str, ...] = ()  # "who chairs ...": word stems of the role, one must be in the sentence
    rating_words: tuple[str, ...] = ()  # rating words the question names ("rated Good")

    @property
    def name(self) -> str:
        return self.type.name

    @cached_property
    def count_near(self) -> re.Pattern[str] | None:
        """A number followed, within `count_window` words, by what is counted; None if nothing is.
        A count of ratings ("how many standards were rated Good?") may be stated as a count of the
        rating ("seven 'Good' ratings"): the rating word the question names counts too."""
        if not self.counted:
            return None
        stems = _stems(self.counted + self.rating_words)
        window = SETTINGS.query.count_window
        return re.compile(rf"{NUMBER}\s+(?:[\w'-]+\s+){{0,{window}}}?['‘\"“]?(?:{stems})", _I)

    @cached_property
    def measure_near(self) -> re.Pattern[str] | None:
        """A number within `measure_window` words of what is measured, on either side."""
        if not self.measured:
            return None
        window = SETTINGS.query.measure_window
        stems, gap = _stems(self.measured), rf"\W+(?:[\w'-]+\W+){{0,{window}}}?"
        return re.compile(rf"{NUMBER}{gap}(?:{stems})|\b(?:{stems})[\w'-]*{gap}{NUMBER}", _I)


def _stems(words: Iterable[str]) -> str:
    """Word beginnings to match, hyphens aside ("reoffending" finds "re-offending")."""
    return "|".join(re.escape(_unhyphenated(w)[:5]) for w in words)


def _unhyphenated(text: str) -> str:
    return re.sub(r"(?<=[a-z])-(?=[a-z])", "", text, flags=_I)


# "who chairs ...": each role verb's forms, and the stems one of which a sentence naming the
# role-holder carries ("chaired by the director", "the board's chair").
# Leading, heading and managing are said of one another ("who leads it?": "the head of service").
_LEADS = ("lead", "led ", "head of", "manag", "director")
ROLES: dict[str, tuple[str, ...]] = {
    r"chair(?:s|ed)?": ("chair",),
    r"leads|led|heads|headed|manages|managed|runs|ran": _LEADS,
    r"oversees|oversaw": ("oversee", "oversaw", "oversight", "board", "chair"),
}
_RATING_NAMED = re.compile(rf"\b(?:{rating_words()})\b", _I)
ANSWER_TYPES: tuple[AnswerType, ...] = (
    AnswerType(
        # "By how much did the number of first-time entrants fall?" asks how far a figure moved: any
        # number or share answers ("fell by 31 per cent"), not a count of first-time entrants.
        "a change",
        re.compile(
            r"\bby how (?:much|many)\b|\bhow (?:much|far) (?:did|has|have|had|does|do|is|was|were)\b"
            r".{0,80}\b(?:fall|fell|fallen|rise|rose|risen|drop|dropped|increase|increased|decrease|"
            r"decreased|grow|grew|grown|reduce|reduced|change|changed|improve|improved)\b",
            _I,
        ),
        re.compile(rf"{NUMBER}|\b({SHARES})\b", _I),
    ),
    AnswerType(
        "a percentage",
        re.compile(
            # the rest of the question says what the percentage is of
            r"(?:\b(what|which)\s+(percentage|proportion|share)|\bhow many per ?cent)\b(?P<of_what>[^?]*)",
            _I,
        ),
        re.compile(rf"\d\s*(%|per ?cent)|\b({SHARES}|majority|minority)\b", _I),
    ),
    AnswerType(
        "a length of time",
        re.compile(rf"\bhow long\b|\bhow many {TIME_UNIT}\b", _I),
        re.compile(rf"(?:{NUMBER}|\ba few\b|\bseveral\b|\ban?\b)\s+{TIME_UNIT}\b", _I),
    ),
    AnswerType(
        "an amount of money",
        re.compile(
            # "how much funding...", "what is the budget", "what is Darlington's annual budget"
            r"\bhow much\b.*\b(money|funding|budget|cost|costs|spend|spent|grant)\b"
            # the money word is what is asked for: it ends the phrase ("cost effective" is not a cost)
            r"|\bwhat (is|was|will be|are|were)\b[^?]*\b(budgets?|costs?|funding|spend(ing)?)\b"
            r"(?=\s*(?:\?|$|(?:of|for|in|on|per)\b))",
            _I,
        ),
        re.compile(r"£\s*\d|\d\s*(k|m|bn)\b|\d[\d,.]*\s*(pounds|million|billion)\b", _I),
    ),
    AnswerType(
        "a score",
        re.compile(r"\bwhat (?:[\w'-]+\s+){0,3}?scores?\b|\bscore out of\b|\bhow many points\b", _I),
        # "Good (25/36)", "Score 16/36", "scored 25 points"
        re.compile(
            r"\b\d{1,3}\s*/\s*\d{1,3}\b|\b(score[ds]?|points?)\W+(?:\w+\W+){0,3}?\d|\d+\s+points\b", _I
        ),
    ),
    AnswerType(
        "a number",
        re.compile(
            r"\bhow many\s+(?P<counted>[\w'-]+(?:\s+[\w'-]+){0,5})"
            # "what is the reoffending rate", "the average caseload of probation officers":
            # up to two words before and after name what is measured
            r"|\bwhat (is|was|are|were) (?:the|[\w-]+['’]s) (?P<before>(?:[\w'-]+\s+){0,2}?)"
            r"(number|average|total|rate)s?\b(?P<after>(?:\s+[\w'-]+){0,2})"
            r"|\bthe number of\s+(?P<of>[\w'-]+(?:\s+[\w'-]+){0,1})",
            _I,
        ),
        re.compile(NUMBER, _I),
    ),
    AnswerType(
        "the holder of a role",
        re.compile(rf"\bwho\s+(?:\w+ly\s+)?(?P<role>{'|'.join(ROLES)})\b", _I),
        re.compile(r"\w"),  # any sentence, as long as it names the role (Expectation.role)
    ),
)


# Numbers that are not answers: list and section numbering at the start, dates and years.
_NOT_ANSWERS = re.compile(
    r"^\s*\(?\d+(\.\d+)*[.)]\s+|^\s*\d+(\.\d+)+\s+"
    rf"|\b\d{{1,2}}(st|nd|rd|th)?\s+({alternatives(MONTHS)})\b"
    r"|\b(19|20)\d\d\b",
    _I,
)


# Words after "how many" that do not say what is counted.
_NOT_COUNTED = frozenset(
    "of the a an did do does were was is are have has had there in at to for by on with".split()  # noqa: SIM905
)
_UNITS = frozenset("case cases child children young people person staff".split())  # noqa: SIM905
# Words after "the rate" that start where or when, not what: "the rate in Kent", "the total for 2023".
_SCOPE = frozenset("in for at across during by among within over between last this".split())  # noqa: SIM905
_ANYONE = frozenset({"people", "persons", "individuals"})


def expected(question: str) -> Expectation | None:
    """The kind of answer `question` asks for, if it asks for a quantity or a role-holder."""
    for t in ANSWER_TYPES:
        if m := t.question.search(question):
            g = {k: (v or "").split() for k, v in m.groupdict().items()}
            counted = _counted(g.get("counted", []) + g.get("of", []))
            after = list(takewhile(lambda w: w.lower() not in _SCOPE, g.get("after", [])))
            # What a percentage is of leaves out the units everything is counted in ("cases",
            # "children"): they stand near every figure in a report.
            measured = _subject(g.get("before", []) + after) + _subject(g.get("of_what", []), _UNITS)
            verb = " ".join(g.get("role", [])).lower()
            role = next((stems for forms, stems in ROLES.items() if re.fullmatch(forms, verb)), ())
            ratings = tuple(m.group(0).lower() for m in _RATING_NAMED.finditer(question))
            return Expectation(t, counted, measured, role, ratings)
    return None


def _subject(words: list[str], dull: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The lower-case content words of `words`: what a rate or percentage is of.

    Capitalised words name places and services ("of Kent's children"), not what a figure measures.
    """
    kept = []
    for word in words:
        w = word.strip(",.;:")
        if w[:1].isupper():
            continue
        w = w.lower()
        if len(w) > 2 and w not in STOPWORDS_EN and w not in _NOT_COUNTED and w not in dull:
            kept.append(w)
    return tuple(kept)


def _counted(words: list[str]) -> tuple[str, ...]:
    """What "how many" counts: lower-case words from the first content word to the next function word.

    At most three: "how many of the East Sussex (out-of-court disposal cases) were...". Capitalised
    words name places and services, not what is counted. A count of people can be of residents,
    staff or children, so it asks for no particular word.
    """
    kept: list[str] = []
    for word in words:
        dull = word[:1].isupper() or word.lower() in _NOT_COUNTED
        if dull and kept:
            break
        if not dull:
            kept.append(word.lower())
    kept = kept[: SETTINGS.query.counted_words]
    return () if kept[:1] and kept[0] in _ANYONE else tuple(kept)


def states(expect: Expectation, sentence: str) -> bool:
    """Whether `sentence` states the expected answer (dates and numbering do not count).

    A count must come with what it counts: "How many volunteers...?" wants "16 volunteers", not
    any number.
    """
    if expect.role and not any(stem in sentence.lower() for stem in expect.role):
        return False
    text = _NOT_ANSWERS.sub(" ", sentence)
    if not expect.type.evidence.search(text):
        return False
    if expect.count_near is not None and not expect.count_near.search(text):
        return False
    return expect.measure_near is None or bool(expect.measure_near.search(_unhyphenated(text)))


def any_states(expect: Expectation, sentences: Iterable[str]) -> bool:
    return any(states(expect, s) for s in sentences)
