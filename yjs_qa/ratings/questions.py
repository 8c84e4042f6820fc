"""The one rating-question detector: whether a question is about ratings, and what it asks for.

Two strengths, for two uses (RatingAsk): whether a question mentions ratings (it steers search
boosts), and whether it asks for one (the structured rating leads the answer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.patterns import INSPECTORATE
from yjs_qa.knowledge.scale import rating_for
from yjs_qa.knowledge.services import names_of, service_key
from yjs_qa.ratings.select import label_code, label_name, labels_named, labels_of
from yjs_qa.ratings.vocabulary import RATING_WORD, RATING_WORDS, Q

# A question mentions ratings when it uses one of these nouns or verbs.
RATING_TERMS = re.compile(r"\b(rat(ed|ing|ings)|score[ds]?|judge?ment|graded|grade)\b", re.IGNORECASE)
# A question asks for a rating when one of these matches. Kept narrow on purpose: a false positive
# puts a rating above passages that answer something else.
RATING_QUESTIONS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bhow (?:was|were|is|are|has|have|did)\b.{0,80}\b(?:rated|scored|graded|judged)\b",
        r"\b(?:what|which) (?:was|were|is|are) (?:the |its |their )?(?:[\w-]+ ){0,5}?"
        r"(?:ratings?|grades?|scores?|judgements?)\b",
        r"\b(?:ratings?|grades?|score) (?:of|for|on|given to)\b",
        # "What rating did Swansea get?", "Which rating did inspectors give X?", "What rating was X given?"
        r"\b(?:what|which) (?:[\w-]+ ){0,2}?(?:ratings?|grades?|judgements?) "
        r"(?:did|does|has|have|had|was|were|is)\b",
        # "What is Gateshead's rating?", "What was Slough's overall grade?"
        r"\b(?:what|which) (?:is|was|are|were) [\w'’ &-]{1,60}?['’]s? (?:[\w-]+ ){0,2}?"
        r"(?:ratings?|grades?|judgements?)\b",
        # "What was Lambeth rated at its previous inspection?", "What is Kent rated?"
        r"\bwhat (?:was|were|is|are|has|have) [\w'’ &-]{1,60}? (?:rated|graded|judged)\b",
        # "What was the outcome of the inspection?", "What was Slough's inspection outcome?"
        r"\b(?:outcome|result|verdict) of (?:the|its|their|this|that) (?:[\w-]+ )?inspection\b"
        r"|\binspection (?:outcome|result|verdict)\b",
        # "How did HMIP rate Darlington's youth offending team?": the inspectors rate; when children
        # rate the service, it is feedback, not a rating
        rf"\b(?:how|what) (?:did|do|does|would) (?:the )?{INSPECTORATE} (?:rate|grade|judge|score)\b",
        rf"\b(?:which|what|how many|list)\b.{{0,60}}\b(?:rated|judged|were|was|got|get|gets|received|"
        rf"receive|given)\b(?: as| an?)? {Q}(?:{RATING_WORDS})\b",
        rf"\b(?:rated|judged) (?:as )?{Q}(?:{RATING_WORDS})\b",
    )
)
# A question about an earlier inspection's rating: "what rating did X get at its previous
# inspection?", "how was X rated before?". Not 'last': "at its last inspection" is the latest one.
EARLIER_ASKED = re.compile(
    r"\b(?:previous(?:ly)?|earlier|prior|former(?:ly)?|preceding|used to be)\b"
    r"|\bbefore (?:this|that|the|its|their|then)\b|\b(?:rated|rating|inspection|inspected) before\b",
    re.IGNORECASE,
)
# In a question of this form the rating word is a filter ('which services were Inadequate on 2.1?').
ASKS_WHICH = re.compile(r"^\s*(?:which|what|how many|list|name)\b", re.IGNORECASE)
# 'Which standards did X get an Inadequate rating for?': any standard, filtered by the rating.
ANY_STANDARD = re.compile(
    r"^\s*(?:which|what|list|name)\s+(?:of\s+\w+\s+)?(?:standards|areas)\b", re.IGNORECASE
)
CODE = re.compile(r"\b([1-4]\.[1-4])\b")
OVERALL = re.compile(r"\boverall\b", re.IGNORECASE)
# Words that place 'planning' or 'assessment' in one domain, from the framework table; first match wins.
QUESTION_DOMAINS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(d.question_cues, re.IGNORECASE), d.number)
    for n in F.QUESTION_CUE_ORDER
    if (d := F.domain_by_number(n)) is not None
)


@dataclass(frozen=True)
class RatingAsk:
    """How a question concerns ratings.

    `mentions_rating` (broad): it uses a rating noun or verb ('rated', 'score', 'judgement',
    'grade'). It lifts the passages that state ratings, and lets an everyday rating word ('good')
    and a one-word standard name ('planning') count as such in the question. It is
    Understanding.rating_question.

    `asks_for_rating` (narrow): it asks for a rating ('how was Kent rated?', 'which services were
    rated Good on 2.1?'). It puts the structured rating first in the answer (rating_query says what
    it asks for). Either may hold without the other: 'which were judged inadequate?' asks without
    a rating noun, and 'what did they say about the judgement of risk?' mentions one without asking.
    """

    mentions_rating: bool
    asks_for_rating: bool


def rating_ask(question: str) -> RatingAsk:
    """Whether `question` mentions ratings and whether it asks for one."""
    return RatingAsk(
        mentions_rating=bool(RATING_TERMS.search(question)), asks_for_rating=is_rating_question(question)
    )


@dataclass
class RatingQuery:
    """What a rating question asks for; empty lists mean 'any'. standards holds labels ('2.2 Planning',
    '3.1 Work with victims'), None for the overall rating."""

    services: list[str] = field(default_factory=list)
    standards: list[str | None] = field(default_factory=list)
    rating: str | None = None
    earlier: bool = False  # it asks for the rating of an earlier inspection (EARLIER_ASKED)


def is_rating_question(question: str) -> bool:
    """True when the question asks for a rating rather than for what inspectors wrote
    (RatingAsk.asks_for_rating, without the broad test)."""
    return any(p.search(question) for p in RATING_QUESTIONS)


def rating_query(question: str, services: Sequence[str], standards: Sequence[str]) -> RatingQuery | None:
    """The services, standards and rating a rating question names; None if it is not one.

    `standards` are the labels to choose from (rating_select.standard_labels): the framework's and
    those the indexed documents rate under their own names.
    """
    if not is_rating_question(question):
        return None
    query = RatingQuery(
        services=services_named(question, services),
        standards=standards_named_in(question, standards),
        earlier=bool(EARLIER_ASKED.search(question)),
    )
    if ASKS_WHICH.search(question) and (m := RATING_WORD.search(question)):
        rating = rating_for(m.group("rating"))
        query.rating = rating.name if rating else None
    if not query.standards and query.rating and ANY_STANDARD.search(question):
        query.standards = [k for k in standards if k]  # every standard, the rating picks
    elif not query.standards:
        # A domain and no standard ('rated for court disposals'): the domain's standards; else overall.
        domain = next((n for p, n in QUESTION_DOMAINS if p.search(question)), None)
        framework = [st for st in F.STANDARDS if st.domain_number == domain]
        query.standards = [k for st in framework for k in labels_of(st, standards)] or [None]
    return query


def services_named(text: str, services: Sequence[str]) -> list[str]:
    """The services of `services` that `text` names, by name or alias."""
    key = f" {service_key(text)} "
    known = set(services)
    found: list[str] = []
    for alias, name in sorted(names_of(services).items(), key=lambda kv: -len(kv[0])):
        if name in known and name not in found and f" {alias} " in key:
            found.append(name)
    return found


def standards_named_in(text: str, known: Sequence[str]) -> list[str | None]:
    """Labels of `known` a question names: by code ('2.1'), by a framework name or alias ('planning'
    is 2.2 and 3.2, unless the question names court or out-of-court work), by a report's own name
    ('work with victims'), or 'overall' (None). Longer names are read first, and a name read is not
    read again inside another ('services for children' is not also 'services')."""
    found: list[str | None] = [None] if OVERALL.search(text) else []
    low = f" {F.normalise(text)} "
    for code in dict.fromkeys(CODE.findall(text)):
        numbered = [k for k in known if label_code(k) == code]
        # "2.1 Assessment" is the 2.1 of that name; "2.1" alone is any standard numbered so.
        named = [k for k in numbered if f" {F.normalise(k)} " in low]
        found += named or numbered
    if len(found) > (1 if found[:1] == [None] else 0):
        return found
    domains = named_domains(text)
    # Each name once: the framework standards it names, or None for a report's own name.
    by_name: dict[str, list[F.Standard | None]] = {}
    for s in F.STANDARDS:
        for n in (s.name, *s.aliases):
            by_name.setdefault(F.normalise(n), []).append(s)
    for k in known:
        if label_name(k):
            by_name.setdefault(label_name(k), [None])
    for name in sorted(by_name, key=len, reverse=True):
        if f" {name} " not in low:
            continue
        hits: list[str] = []
        for standard in by_name[name]:
            if standard is None:
                hits += labels_named(name, known)
            elif not domains or standard.domain_number in domains:
                hits += labels_of(standard, known)
        if hits:
            low = low.replace(f" {name} ", " ")
        found += [h for h in hits if h not in found]
    # A standard named is what is asked; "overall" said beside it comes after it.
    return [f for f in found if f is not None] + [None] * (None in found)


def named_domains(text: str) -> set[int]:
    """The domains a question's words place a standard in: 'court and out-of-court implementation'
    names both; out-of-court is read first, so its 'court' is not read again."""
    found: set[int] = set()
    rest = text
    for pattern, number in QUESTION_DOMAINS:
        if pattern.search(rest):
            found.add(number)
            rest = pattern.sub(" ", rest)
    return found
