"""The plan step: the user's filters resolved, the question read, and what narrows or boosts decided.

How each understood part is used was decided on the gold set (docs/retrieval-quality.md): services named
in the question filter (the index holds them); domains, standards and years only boost, because press
releases and news carry no domain tags and some documents have no date. What the question names that
the index does not hold is recorded as an `Absent` fact; query/policy.py decides what it means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from yjs_qa.errors import QuestionError
from yjs_qa.index.keyword import keyword_tokens
from yjs_qa.knowledge.framework import domain_for_name
from yjs_qa.knowledge.services import region_table, service_key, service_table
from yjs_qa.models import Filters, FilterSpec, SectionKind, Understanding
from yjs_qa.query.answer_type import Expectation, expected
from yjs_qa.query.expand import keyword_question
from yjs_qa.query.filters import FilterColumns, resolve
from yjs_qa.query.understand import names, understand
from yjs_qa.query.view import IndexView
from yjs_qa.settings import SETTINGS

RATING_KINDS = (SectionKind.RATING.value,)


class Missing(StrEnum):
    """What a question names that the index does not hold (query/policy.py has a rule for each)."""

    SERVICE = "service"
    REGION = "region"
    YEAR = "year"
    NAME = "name"
    DOMAIN = "domain"


# The part of the understanding each missing thing is, as the answer reports it ("not found").
MISSING_PART = {
    Missing.SERVICE: "unknown_services",
    Missing.REGION: "regions",
    Missing.YEAR: "years",
    Missing.NAME: "unknown_names",
    Missing.DOMAIN: "domains",
}


@dataclass(frozen=True)
class Absent:
    """Something the question asks about that the index does not hold, known before searching."""

    what: Missing
    names: tuple[str, ...]
    covered: tuple[str, ...] = ()  # services: those the index holds; a domain: the services asked


@dataclass(frozen=True)
class QueryPlan:
    spec: FilterSpec  # the filters as the user gave them
    filters: Filters  # resolved against the index
    allowed: np.ndarray | None  # rows that may be returned; None for all
    boost: np.ndarray | None  # per-row score multiplier; None for none
    spread: bool  # spread the top results across services
    understood: Understanding
    absent: Absent | None = None
    expectation: Expectation | None = None  # the quantity the question asks for, if any
    groups: np.ndarray | None = None  # each row's named service (index) when several are named; -1 none

    def keyword_query(self, question: str) -> str:
        """What BM25 searches for: the question, plus report terms for its lay words."""
        return " ".join([keyword_question(question), *self.understood.expanded])


def check_question(question: str, k: int) -> str:
    """The question with its whitespace collapsed; an error for k < 1 or an empty or overlong one."""
    if k < 1:
        raise QuestionError(f"k must be at least 1, got {k}")
    question = " ".join((question or "").split())
    if not question:
        raise QuestionError(
            "the question is empty; ask something, e.g. 'what did inspectors say about planning?'"
        )
    limit = SETTINGS.query.max_question_chars
    if len(question) > limit:
        raise QuestionError(
            f"the question is {len(question):,} characters, over the {limit:,} limit; shorten it"
        )
    return question


def make_plan(question: str, view: IndexView, spec: FilterSpec) -> QueryPlan:
    """Resolve explicit filters, read the question, and decide what narrows and what boosts.

    Works on per-row columns and the keyword vocabulary, so its cost does not grow with the corpus
    beyond a few vectorised comparisons.
    """
    columns, vocab = view.columns, view.data.keyword.vocab_dict
    filters = resolve(columns, spec)
    u = understand(question, columns.values["service"])
    expectation = expected(question)
    services, unknown = list(u.services), list(u.unknown_services)
    applied: dict[str, str] = dict(u.applied)
    service_rows, groups, filtered = None, None, list(filters.services)
    if not filters.services:
        mentioned = _mentioned(view, unknown)
        if mentioned:
            services += [s for s in mentioned if s not in services]
            unknown = [s for s in unknown if s not in mentioned]
        if services:
            filtered = list(services)
            applied["services"] = "filter"
            held = {s: columns.service == s for s in services if s not in mentioned}
            per_service = {**held, **mentioned}
            service_rows = np.logical_or.reduce(list(per_service.values()))
            groups = _groups(list(per_service.values())) if len(per_service) > 1 else None
    elif len(filters.services) > 1:
        groups = _groups([columns.service == s for s in filters.services])
    filters = filters.model_copy(update={"services": filtered})
    u = u.model_copy(update={"services": services, "unknown_services": unknown})
    absent = _absent(question, u, filters, columns, vocab)
    if absent is not None:
        applied[MISSING_PART[absent.what]] = "not found"
    boost = np.ones(len(columns.service), dtype=np.float32)

    def lift(column: np.ndarray, values: Sequence[str], part: str) -> None:
        nonlocal boost
        boost = boost * (1 + SETTINGS.query.boost * np.isin(column, list(values)).astype(np.float32))
        applied[part] = "boost"

    if u.domains and not filters.domains:
        lift(columns.domain, u.domains, "domains")
    if u.standards and not filters.standards:
        lift(columns.standard, u.standards, "standards")
    if u.rating_question:  # the passages that state ratings: rating lines and ratings tables
        lift(columns.section_kind, RATING_KINDS, "rating_question")
    if u.years and absent is None:
        lift(columns.year, [str(y) for y in u.years], "years")
    if u.expanded:
        applied["expanded"] = "keyword search"
    allowed = columns.mask(filters) if filters.active else None
    if service_rows is not None:  # the named services' rows, by tag or by mention, within the other filters
        allowed = columns.mask(filters.model_copy(update={"services": []})) & service_rows
    if absent is None and filters.services and allowed is not None and u.domains and not filters.domains:
        absent = _domain_absent(view, u, filters.services, allowed)
        if absent is not None:
            applied[MISSING_PART[absent.what]] = "not found"
    update: dict[str, object] = {"applied": applied, "expects": expectation.name if expectation else None}
    if absent is not None and absent.what is Missing.NAME:
        update["unknown_names"] = list(absent.names)
    u = u.model_copy(update=update)
    return QueryPlan(
        spec=spec,
        filters=filters,
        allowed=allowed,
        boost=boost if (boost != 1).any() else None,
        spread=not filters.services,
        understood=u,
        absent=absent,
        expectation=expectation,
        groups=groups,
    )


def mention_rows(view: IndexView, service: str) -> np.ndarray:
    """Rows whose passage names `service` under any of its names in the services table: every
    keyword token of a name present (BM25 token scores). A one-word name ("Reading", "Bury") is also
    an everyday word, so its passages must print it capitalised. A document tagged with another
    service is about that one: its passing mention ("Hertfordshire being the other") is no evidence,
    unless one name holds the other (a combined service, "Gwynedd and Ynys Môn")."""
    keyword = view.data.keyword
    vocab = keyword.vocab_dict
    key = service_key(service)
    tags = view.columns.values["service"]
    near = ["", *(t for t in tags if key in service_key(t) or service_key(t) in key)]
    found = np.zeros(len(view.columns.service), dtype=bool)
    names = sorted({service, *(n for n, s in service_table().items() if service_key(s) == key)})
    for name, tokens in zip(names, keyword_tokens(names), strict=True):
        if not tokens or not all(t in vocab for t in tokens):
            continue
        rows = np.ones_like(found)
        for t in tokens:
            rows &= np.asarray(keyword.get_scores([t])) > 0
        if len(name.split()) == 1:
            word = re.compile(rf"(?<![\w]){re.escape(name[:1].upper() + name[1:])}(?![\w])")
            candidates = np.flatnonzero(rows & ~found)[: SETTINGS.query.mention_check_rows]
            rows = np.zeros_like(found)
            rows[[r for r in candidates if word.search(view.passage(int(r)).text)]] = True
        found |= rows
    return found & np.isin(view.columns.service, near)


def _groups(masks: Sequence[np.ndarray]) -> np.ndarray:
    """Each row's named service, as an index into `masks` (the first that holds it); -1 for none."""
    groups = np.full(len(masks[0]), -1, dtype=np.int32)
    for i in reversed(range(len(masks))):
        groups[masks[i]] = i
    return groups


def _mentioned(view: IndexView, unknown: Sequence[str]) -> dict[str, np.ndarray]:
    """Rows for services no document is tagged with: where passages carry their name (a national
    report, minutes, a document whose tag went wrong: the tag is not the only evidence), else the
    documents that rate them (a page on Newham stating that "Wandsworth was given a good rating")."""
    mentioned = {s: rows for s in unknown if (rows := mention_rows(view, s)).any()}
    rated: dict[str, set[str]] = {}
    for r in view.data.ratings:
        if r.service and r.service in unknown and r.service not in mentioned:
            rated.setdefault(r.service, set()).add(r.document)
    return mentioned | {s: view.document_rows(docs) for s, docs in rated.items()}


def _absent(
    question: str, u: Understanding, filters: Filters, columns: FilterColumns, vocab: Mapping[str, int]
) -> Absent | None:
    """The first thing the question names that the index lacks: a service, a region none of whose
    services it holds, a year no document is from or mentions, or a name no passage contains."""
    indexed = columns.values["service"]
    if u.unknown_services and not u.services and not filters.services:
        return Absent(Missing.SERVICE, tuple(u.unknown_services), tuple(indexed))
    if u.regions and not u.services and not filters.services:
        held = [s for r in u.regions for s in region_table().get(r, []) if s in indexed]
        if not held:  # "youth justice in Wales", where the index holds no Welsh service
            return Absent(Missing.REGION, tuple(u.regions))
    years = [str(y) for y in u.years]
    if years and not _years_covered(years, columns, vocab):
        return Absent(Missing.YEAR, tuple(years))
    unheard = unknown_names(question, vocab, u.services)
    if unheard:
        return Absent(Missing.NAME, tuple(unheard))
    return None


def _domain_absent(
    view: IndexView, u: Understanding, services: Sequence[str], allowed: np.ndarray
) -> Absent | None:
    """A domain the question asks about that no passage of the services it names is tagged with or
    mentions ("Solihull's out-of-court work", where Solihull's documents never speak of it): the tag
    is not the only evidence, the framework's words for the domain in any passage also count. A
    domain the table has no words for (organisational delivery, which every passage touches) is
    never absent. Reading passages' text is per question, so it is bounded: a scope of more rows
    than mention_check_rows (no one service's documents) is not claimed to lack anything."""
    rows = np.flatnonzero(allowed)
    if len(rows) > SETTINGS.query.mention_check_rows:
        return None
    for name in u.domains:
        domain = domain_for_name(name)
        if domain is None or not domain.question_cues:
            return None
        if np.isin(view.columns.domain[rows], [name]).any():
            return None
        words = re.compile(domain.question_cues, re.IGNORECASE)
        if any(words.search(view.passage(int(r)).text) for r in rows):
            return None
    return Absent(Missing.DOMAIN, tuple(u.domains), tuple(services))


def unknown_names(question: str, vocab: Mapping[str, int], services: Sequence[str] = ()) -> list[str]:
    """Names in the question with a capitalised word no passage contains: "HMP Berwyn", "Arsenal".

    A name cannot be paraphrased the way a topic can, so a corpus that never mentions it cannot
    answer a question about it. Checked against the keyword index's (stemmed) vocabulary. Another
    name of a service the question is already read as naming ("Anglesey" for Gwynedd and Ynys Môn)
    is not unknown: the passages may use the service's other name.
    """
    table, held = service_table(), {service_key(s) for s in services}

    def another_name_of_a_named_service(name: str) -> bool:
        service = table.get(service_key(name))
        return service is not None and service_key(service) in held

    found = {name: ws for name, ws in names(question).items() if not another_name_of_a_named_service(name)}
    words = sorted({w for ws in found.values() for w in ws})
    tokens = dict(zip(words, keyword_tokens(words), strict=True)) if words else {}
    # A word that is only a stop word ("The") says nothing either way.
    return [
        name
        for name, ws in found.items()
        if any(tokens[w] and not any(t in vocab for t in tokens[w]) for w in ws)
    ]


def _years_covered(years: Sequence[str], columns: FilterColumns, vocab: Mapping[str, int]) -> bool:
    """Whether any document is dated in, or any passage mentions, one of `years`."""
    return bool(np.isin(columns.year, list(years)).any()) or any(y in vocab for y in years)


def spec_of(filters: FilterSpec | None, loose: FilterSpec) -> FilterSpec:
    """The one filter value of a question: `filters`, or the one built from keywords (`loose`)."""
    if filters is not None and loose:
        raise QuestionError("give the filters either as filters=FilterSpec(...) or as keywords, not both")
    return filters if filters is not None else loose
