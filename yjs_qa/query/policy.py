"""The policy step: every "not found" rule, in one place, and the final Answer.

A rule reads what the earlier steps found and returns why the corpus does not answer the question, or
None. The rules run in the order of RULES; the first reason wins. A question answered by structured
ratings is never "not found". Each rule says what it is for and which cases prompted it; its
thresholds live in settings.py. docs/retrieval-quality.md has the measurements.
"""

from __future__ import annotations

from collections.abc import Callable

from yjs_qa.models import Answer
from yjs_qa.query.answer_type import any_states
from yjs_qa.query.compose import Draft
from yjs_qa.settings import SETTINGS

NOT_FOUND_TEXT = "No passage in the corpus answers this. The nearest passages are listed below."


def service_not_in_index(d: Draft) -> str | None:
    """A service the question names that no indexed document is on ("How was Barnet rated?").

    Prompted by gold no-answer questions about services the corpus lacks, which were answered with
    other services' passages and ratings."""
    a = d.plan.absent
    if a is None or a.what != "service":
        return None
    return f"the index holds no document on {', '.join(a.names)} (it covers {', '.join(a.covered)})"


def region_not_in_index(d: Draft) -> str | None:
    """A region none of whose services the index holds ("youth justice in Wales"). A country counts
    as a region, so "England and Wales" is held when an English service is (held-out f-set bug)."""
    a = d.plan.absent
    if a is None or a.what != "region":
        return None
    return f"the index holds no document on a service in {', '.join(a.names)}"


def year_not_in_index(d: Draft) -> str | None:
    """A year no document is dated in and no passage mentions ("in 2009")."""
    a = d.plan.absent
    if a is None or a.what != "year":
        return None
    return f"no document in the index is from or mentions {', '.join(a.names)}"


def name_not_in_index(d: Draft) -> str | None:
    """A capitalised name with a word no passage contains ("HMP Berwyn", "Arsenal Football Club").

    A name cannot be paraphrased the way a topic can. Written after two held-out failures; days,
    months and "I" are not names (fresh-set bug: "on a Saturday"); a title-case question names
    nothing this way (settings.query.title_case_share)."""
    a = d.plan.absent
    if a is None or a.what != "name":
        return None
    return f"no passage in the index mentions {', '.join(a.names)}"


def domain_not_in_scope(d: Draft) -> str | None:
    """A domain of work the question asks about that no passage of the services it names is tagged
    with or mentions, by the framework's words for it ("What did inspectors say about Solihull's
    out-of-court disposal work?" of a release that never speaks of it). The service's other
    passages are close to such a question, so closeness alone answered it (realdev dev set)."""
    a = d.plan.absent
    if a is None or a.what != "domain":
        return None
    return f"no passage on {', '.join(a.covered)} speaks of {', '.join(a.names).lower()}"


def standard_not_rated(d: Draft) -> str | None:
    """A rating question about a standard the asked service's own ratings table does not rate
    ("How was Wigan rated for resettlement?" of a 2019 report): no passage will say more.
    Prompted by the added-reports set (w-questions)."""
    if d.unrated is None:
        return None
    services, standards = ", ".join(d.unrated.services), ", ".join(d.unrated.standards)
    return f"the ratings {services} received do not include {standards}"


def rating_not_of_then(d: Draft) -> str | None:
    """A rating question about a time ("at its previous inspection", "in 2015") of which the
    ratings data holds none of the asked service's ratings, though it holds others: its current
    rating would answer a different question. Prompted by the added-reports and realdev dev sets,
    where such questions were answered with the current rating."""
    if d.not_then is None:
        return None
    services, when = d.not_then
    return f"no rating of {', '.join(services)} from {when} is stated in the indexed documents"


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
BEFORE_SEARCH: tuple[Rule, ...] = (
    service_not_in_index,
    region_not_in_index,
    year_not_in_index,
    name_not_in_index,
    domain_not_in_scope,
)
RULES: tuple[Rule, ...] = (
    *BEFORE_SEARCH,
    standard_not_rated,
    rating_not_of_then,
    nothing_close,
    answer_not_stated,
)


def why_not_found(d: Draft) -> str | None:
    """The first rule's reason, or None: the corpus answers the question."""
    if d.ratings or d.counts:  # a rating question is answered by the structured rating first
        return None
    return next((reason for rule in RULES if (reason := rule(d))), None)


def decide(d: Draft) -> Answer:
    """The final Answer: the draft's, or "not found" with the reason and the nearest passages."""
    why_not = why_not_found(d)
    return Answer(
        question=d.question,
        found=why_not is None,
        answer=NOT_FOUND_TEXT if why_not else d.text,
        note=why_not or d.caveat,
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
