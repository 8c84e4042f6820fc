"""The policy step: every "not found" rule and every note on what the data lacks, in one place, and
the final Answer.

The earlier steps only record facts: the plan what the question names that the index lacks
(`Absent`, by `Missing`), the ratings what the asked rating the data does not record
(`RatingNotRecorded`, by `NotRecorded`), ranking and composing the passages and sentences. Here each
fact becomes a decision and its words, from the tables below. A rule returns why the corpus does
not answer the question, or None; the rules run in the order of RULES and the first reason wins. A
question answered by structured ratings is never "not found". Thresholds live in settings.py;
docs/retrieval-quality.md has the measurements behind each rule.
"""

from __future__ import annotations

from collections.abc import Callable

from yjs_qa.models import Answer
from yjs_qa.query.answer_type import any_states
from yjs_qa.query.compose import Draft
from yjs_qa.query.plan import Absent, Missing
from yjs_qa.ratings.answers import NotRecorded, RatingNotRecorded
from yjs_qa.settings import SETTINGS

NOT_FOUND_TEXT = "No passage in the corpus answers this. The nearest passages are listed below."

# Why the index cannot answer a question naming what it does not hold, by what is missing.
NOT_IN_INDEX: dict[Missing, Callable[[Absent], str]] = {
    Missing.SERVICE: lambda a: (
        f"the index holds no document on {', '.join(a.names)} (it covers {', '.join(a.covered)})"
    ),
    Missing.REGION: lambda a: f"the index holds no document on a service in {', '.join(a.names)}",
    Missing.YEAR: lambda a: f"no document in the index is from or mentions {', '.join(a.names)}",
    Missing.NAME: lambda a: f"no passage in the index mentions {', '.join(a.names)}",
    Missing.DOMAIN: lambda a: f"no passage on {', '.join(a.covered)} speaks of {', '.join(a.names).lower()}",
}
RECORDED = "is recorded in the indexed documents."
# The asked rating the ratings data does not record: said as the answer's note (the passages still
# answer), or, for a standard the service's own table shows it never got and a time none of its
# ratings is of, the reason it is "not found".
RATING_NOTES: dict[NotRecorded, Callable[[RatingNotRecorded], str]] = {
    NotRecorded.SERVICE: lambda m: f"No rating of {', '.join(m.services)} {RECORDED}",
    NotRecorded.RATING: lambda m: f"No {_either(m.asked)} rating of {', '.join(m.services)} {RECORDED}",
    NotRecorded.STANDARD: lambda m: (
        f"the ratings {', '.join(m.services)} received do not include {', '.join(m.asked)}"
    ),
    NotRecorded.TIME: lambda m: (
        f"no rating of {', '.join(m.services)} from {m.asked[0]} is stated in the indexed documents"
    ),
}


def _either(asked: tuple[str, ...]) -> str:
    """'2.1 Assessment', '1.1 or 1.2', or a domain's standards by number ('2.1, 2.2, 2.3 or 2.4')."""
    what = tuple(w.split(" ", 1)[0] for w in asked) if len(asked) > 2 else asked
    return f"{', '.join(what[:-1])} or {what[-1]}" if len(what) > 1 else what[0]


def not_in_index(d: Draft) -> str | None:
    """Something the question names that the index does not hold, known before any passage is read:
    a service no indexed document is on ("How was Barnet rated?"; gold no-answer questions were
    answered with other services' passages and ratings); a region none of whose services it holds
    ("youth justice in Wales"; a country counts as a region, so "England and Wales" is held where an
    English service is); a year no document is dated in and no passage mentions ("in 2009"); a
    capitalised name with a word no passage contains ("HMP Berwyn": a name cannot be paraphrased as a
    topic can; days, months and "I" are no names, nor is a title-case question's every word,
    settings.query.title_case_share); a domain of work no passage of the services it names is
    tagged with or mentions ("Solihull's out-of-court disposal work" of a release that never speaks
    of it: its other passages are close to such a question, so closeness alone answered it)."""
    a = d.plan.absent
    return None if a is None else NOT_IN_INDEX[a.what](a)


def rating_not_recorded(d: Draft) -> str | None:
    """A rating question about a standard the asked service's own ratings table does not rate ("How
    was Wigan rated for resettlement?" of a 2019 report: no passage will say more), or about a time
    ("at its previous inspection", "in 2015") none of its ratings is of, though the data holds others:
    its current rating would answer a different question. Prompted by the added reports and realdev."""
    m = d.missing
    if m is None or m.what not in (NotRecorded.STANDARD, NotRecorded.TIME):
        return None
    return RATING_NOTES[m.what](m)


def nothing_close(d: Draft) -> str | None:
    """No passage or sentence is close to the question: the best sentence is under
    not_found_sentence_alone, or both the closest passage is under not_found_cosine and the best
    sentence under not_found_sentence. Set between gold's answerable and no-answer questions."""
    s = SETTINGS.query
    best = d.sentences[0].score if d.sentences else 0.0
    if best < s.not_found_sentence_alone or (
        d.confidence < s.not_found_cosine and best < s.not_found_sentence
    ):
        return (
            f"no passage or sentence is close to the question (best similarity "
            f"{d.confidence:.2f}, best sentence {best:.2f})"
        )
    return None


def answer_not_stated(d: Draft) -> str | None:
    """The question asks for a kind of answer (a count, percentage, rate, score, date or change; the
    holder of a role) and no sentence of the top passages states one of the kind asked
    (query/answer_type.py says what counts). Prompted by gold and held-out no-answer questions such
    as "How many staff does Kent's youth justice service employ?", which were answered with
    unrelated figures; role-holders by the realdev dev set ("who chairs" of a service whose
    documents name no chair), and checked on eval/rules-check.jsonl, written for no rule."""
    wanted = d.plan.expectation
    if wanted is None or any_states(wanted, (s.text for s in d.scored)):
        return None
    return f"the question asks for {wanted.name}, and no sentence close to it states one"


Rule = Callable[[Draft], str | None]
# Known before any passage is read, then from the ratings, then from the passages and sentences.
RULES: tuple[Rule, ...] = (not_in_index, rating_not_recorded, nothing_close, answer_not_stated)


def why_not_found(d: Draft) -> str | None:
    """The first rule's reason, or None: the corpus answers the question."""
    if d.ratings or d.counts:  # a rating question is answered by the structured rating first
        return None
    return next((reason for rule in RULES if (reason := rule(d))), None)


def rating_note(d: Draft) -> str | None:
    """The line saying which asked rating the ratings data does not record, where the passages
    answer the question all the same."""
    m = d.missing
    return None if m is None else RATING_NOTES[m.what](m)


def decide(d: Draft) -> Answer:
    """The final Answer: the draft's, with a note on a rating the data lacks, or "not found" with the
    reason and the nearest passages."""
    why_not = why_not_found(d)
    note = why_not or rating_note(d)
    return Answer(
        question=d.question,
        found=why_not is None,
        answer=NOT_FOUND_TEXT if why_not else "\n".join(x for x in (note, d.text) if x),
        note=note,
        confidence=round(d.confidence, 4),
        ratings=d.ratings,
        rating_counts=d.counts,
        sentences=[] if why_not else d.sentences,
        passages=d.passages,
        filters=d.plan.filters,
        understood=d.plan.understood,
        index_version=d.index_version,
        reranker=d.reranker,
    )
