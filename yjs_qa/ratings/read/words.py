"""Step 1, which rating word: the rating words a sentence states as ratings, each with the form that
states it ('was rated Good', 'an overall rating of Good', 'up from Inadequate'), or the reason a
form's rating word is none (negated, hoped for, a score band, an everyday word unmarked)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.scale import canonical, rating_for
from yjs_qa.knowledge.services import STRIP_SUFFIX, service_key, service_table
from yjs_qa.ratings.vocabulary import (
    BAND,
    BARE,
    CAUSED,
    CHAIN_ITEM,
    CHAIN_TO,
    COUNT_FORMS,
    EARLIER_MARK,
    FROM,
    GAVE_NOUN,
    HOPED_BEFORE,
    NAMED_RATING,
    NEGATED,
    NOUN_FOR,
    OVERALL_FORMS,
    PASSIVE,
    RECEIVED,
    TO_FROM,
    VERB_FORMS,
    WEAK_VERBS,
)


@dataclass(frozen=True)
class Mention:
    """A rating word stated as a rating by one form of words."""

    form: str  # 'overall noun', 'passive verb', 'change from', ...
    pattern: re.Pattern[str]
    match: re.Match[str]
    group: str  # the match's group holding the rating word: 'rating' or 'rating2'
    rating: str  # the scale's name for it
    earlier_by_form: bool = False  # the form says it is the earlier rating ('up from Inadequate')
    year: int | None = None  # the year the form dates it by ('up from Inadequate in 2020')
    why: str = ""

    @property
    def span(self) -> tuple[int, int]:
        return self.match.span()

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


@dataclass(frozen=True)
class Refused:
    """A form's rating word that states no rating, and why."""

    match: re.Match[str]
    rating: str
    why: str


def mentions(sentence: str) -> tuple[list[Mention], list[Refused]]:
    """Every rating word `sentence` states as a rating, in the order the forms claim them, and the
    forms' rating words that state none. A word is read by one form only: the first to claim it."""
    found: list[Mention] = []
    refused: list[Refused] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    for pattern in COUNT_FORMS:  # counted ratings first: 'Outstanding in four of the 12 areas'
        for m in pattern.finditer(sentence):
            if free(m) and marked(sentence, m):
                taken.append(m.span())
                found.append(_mention("count", pattern, m, "a rating counted"))
    for pattern in OVERALL_FORMS:
        if (said := pattern.search(sentence)) and free(said):
            taken.append(said.span())
            found.append(_mention("overall noun", pattern, said, "a rating noun said to be overall"))
    for pattern, earlier_group in ((TO_FROM, "rating2"), (FROM, "rating")):
        for m in pattern.finditer(sentence):
            if not free(m) or not marked(sentence, m, earlier_group):
                continue
            taken.append(m.span())
            if CAUSED.search(sentence[: m.start()]):
                refused.append(
                    Refused(m, canonical(m.group(earlier_group)), "what the rating would have been")
                )
                if m.group("rating2"):
                    found.append(_mention("change", pattern, m, "the rating a change is to", "rating2"))
                continue
            year = int(m.group("year")) if m.group("year") else None
            for group in ("rating", "rating2"):
                if m.group(group) is None:
                    continue
                earlier = group == earlier_group
                why = "the rating a change is from" if earlier else "the rating a change is to"
                found.append(_mention("change", pattern, m, why, group, earlier, year if earlier else None))
            if pattern is FROM and m.group("rating2") is None:
                found += _chain(sentence, m, taken)
    for form, pattern in VERB_FORMS:
        for m in pattern.finditer(sentence):
            if not free(m):
                continue
            if refusal := _refusal(sentence, form, pattern, m):
                refused.append(Refused(m, canonical(m.group("rating")), refusal))
                continue
            taken.append(m.span())
            earlier = form in ("earlier verb", "earlier noun")
            found.append(_mention(form, pattern, m, _wording(form, m), earlier_by_form=earlier))
    return found, refused


def _chain(sentence: str, first: re.Match[str], taken: list[tuple[int, int]]) -> list[Mention]:
    """The other ratings a change runs through after its first: earlier ones, then the one it is to."""
    out: list[Mention] = []
    at = first.end()
    while m := CHAIN_ITEM.match(sentence, at):
        year = int(m.group("year")) if m.group("year") else None
        out.append(_mention("change", CHAIN_ITEM, m, "a rating a change runs through", "rating", True, year))
        taken.append(m.span())
        at = m.end()
    if out and (to := CHAIN_TO.match(sentence, at)):
        out.append(_mention("change", CHAIN_TO, to, "the rating a change is to"))
        taken.append(to.span())
    return out


def _mention(
    form: str,
    pattern: re.Pattern[str],
    m: re.Match[str],
    why: str,
    group: str = "rating",
    earlier_by_form: bool = False,
    year: int | None = None,
) -> Mention:
    return Mention(form, pattern, m, group, canonical(m.group(group)), earlier_by_form, year, why)


def _wording(form: str, m: re.Match[str]) -> str:
    words = " ".join(m.group(0).split())
    return f"{form}: '{words}'"


def _refusal(sentence: str, form: str, pattern: re.Pattern[str], m: re.Match[str]) -> str | None:
    """Why a verb form's rating word states no rating, or None when it does."""
    head = sentence[: m.start()]
    if pattern is NAMED_RATING:  # no verb to hope, negate or band: only its time decides
        if earlier_near(sentence, m) and marked(sentence, m):
            return None
        return "a rating named, with no verb and no earlier time: not stated as given"
    if NEGATED.search(head) or re.search(r"\bnot\b", m.group(0), re.IGNORECASE):
        return "negated: not a rating given"
    weak = pattern is PASSIVE and (m.group("verb") or "").lower() in WEAK_VERBS
    named = pattern in (RECEIVED, GAVE_NOUN, NOUN_FOR)  # 'a good rating': the noun says it is one
    if (weak or pattern is not PASSIVE) and not named and not marked(sentence, m):
        return f"'{m.group('rating')}' is an everyday word here, neither quoted nor capitalised"
    if HOPED_BEFORE.search(head):
        return "a hope or a plan, not a rating given"
    if BAND.search(head):
        return "a score band, not a rating given"
    if pattern is BARE and not ends_with_service(head) and not ends_with_standard(head):
        return "a bare 'rated' that follows no service's or standard's name"

    return None


def marked(sentence: str, m: re.Match[str], group: str = "rating") -> bool:
    """An everyday rating word ('good') reads as a rating in these forms only quoted or capitalised."""
    word = m.group(group)
    rating = rating_for(word)
    at = m.start(group)
    quoted = at > 0 and sentence[at - 1] in "'\"‘’“”"
    return quoted or word[0].isupper() or rating is None or not rating.everyday


def earlier_near(sentence: str, m: re.Match[str]) -> bool:
    """An earlier time named in the clause around a rating: '... an 'Inadequate' rating, when they
    were part of the former Western Bay service'."""
    before = re.split(r"[;:]", sentence[: m.start()])[-1]
    after = re.split(r"[;:]", sentence[m.end() : m.end() + EARLIER_REACH])[0]
    return bool(EARLIER_MARK.search(before) or EARLIER_MARK.search(after))


# How far after a rating named without a verb its earlier time may be said: a clause (characters).
EARLIER_REACH = 100


def ends_with_standard(head: str) -> bool:
    """Whether the words before a bare 'rated' are a standard's name: '• Work with victims rated ...'."""
    key = F.normalise(re.split(r"[;:•]", head)[-1])
    names = {F.normalise(n) for fw in F.FRAMEWORKS for x in fw.standards for n in (x.name, *x.aliases)}
    return bool(key) and key in names


def ends_with_service(head: str) -> bool:
    """Whether the words before a bare 'rated' are a service's name: 'Kent youth offending team'."""
    head = head.strip().rstrip(",:–—-").strip()  # 'Wigan YOT – rated Good', 'Wigan YOT: rated Good'
    name = STRIP_SUFFIX.sub("", head).strip()
    if name == head:
        return False  # no 'Youth Justice Service', 'YOT' ... before the verb
    key = service_key(name)
    if not key:
        return False
    words = key.split()
    # A name the services table knows, or one capitalised as a place is ('Testshire YJS rated Good').
    return any(key == a or key.endswith(f" {a}") for a in service_table()) or (
        name.split()[-1][:1].isupper() and len(words) <= 6
    )
