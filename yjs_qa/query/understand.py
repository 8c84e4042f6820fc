"""Read a question for what steers the search: services, domains, standards, ratings and years."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from yjs_qa.knowledge.framework import DOMAINS, STANDARDS, normalise
from yjs_qa.knowledge.lexicon import DAYS, HOLIDAYS, MONTHS
from yjs_qa.knowledge.patterns import whole_phrases
from yjs_qa.knowledge.scale import RATINGS
from yjs_qa.knowledge.services import (
    SERVICE_IN_TEXT,
    canonical_service,
    names_of,
    region_table,
    service_key,
)
from yjs_qa.models import Understanding
from yjs_qa.query.expand import expansions
from yjs_qa.ratings.questions import rating_ask
from yjs_qa.settings import SETTINGS

YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
# A name: capitalised words in a row, "of" or "the" allowed inside ("HMP Berwyn", "Bank of England").
NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’-]*)*")
# Words English capitalises that name nothing a corpus must mention: "at night or on a Saturday".
NOT_NAMES = frozenset(["I", *DAYS, *HOLIDAYS, *MONTHS])


def _phrases_in(text: str, phrases: Iterable[str]) -> list[re.Match[str]]:
    """Whole-phrase matches of the (normalised) phrases in normalised `text`, longest first where
    two start at the same place."""
    wanted = tuple(phrases)
    return list(_phrase_pattern(wanted).finditer(text)) if wanted else []


@lru_cache(maxsize=512)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern per set of phrases: built once, not once per question (~0.4 ms each)."""
    return whole_phrases(normalise(p) for p in phrases)


@lru_cache(maxsize=8)
def _service_pattern(names: frozenset[tuple[str, str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every service name and alias (longest first), and name -> service; built once
    per set of names (the table's, with the index's services and a user's).

    One pass over the question instead of one regex per name: ~300 names cost ~4 ms a question.
    """
    lookup = {normalise(key): service for key, service in names}
    return whole_phrases(lookup, re.IGNORECASE), lookup


@lru_cache(maxsize=1)
def _region_pattern() -> re.Pattern[str]:
    """Every region's name; case matters: "the North West" is the region, "north west" is not."""
    return whole_phrases(region_table())


def _claim(matches: list[tuple[re.Match[str], str]]) -> list[str]:
    """Longest matches first; a shorter one inside a longer one does not count."""
    taken: list[tuple[int, int]] = []
    values: list[str] = []
    for m, value in sorted(matches, key=lambda mv: mv[0].start() - mv[0].end()):
        if all(m.end() <= s or m.start() >= e for s, e in taken):
            taken.append((m.start(), m.end()))
            if value not in values:
                values.append(value)
    return values


def understand(question: str, indexed_services: Iterable[str]) -> Understanding:
    """What the question names. Services are split into those the index holds and those it doesn't."""
    cased = " " + " ".join(re.sub(r"[^A-Za-z0-9.' ]+", " ", question.replace("&", " and ")).split()) + " "
    low = cased.lower()
    indexed = set(indexed_services)
    pattern, lookup = _service_pattern(frozenset(names_of(indexed).items()))
    matches = []
    for m in pattern.finditer(cased):
        key = normalise(m.group(0))
        # One-word names ("Reading", "Bury") are also everyday words: only capitalised counts.
        if key in lookup and (" " in key or m.group(0)[:1].isupper()):
            matches.append((m, lookup[key]))
    services = _claim(matches)
    for m in SERVICE_IN_TEXT.finditer(question):  # "Newtown YJS": a service the table lacks
        name = canonical_service(m.group("name"))
        if service_key(name) not in {service_key(s) for s in services}:
            services.append(name)
    # Capitalised only: "the north west of the county" is not the region, "the North West" is.
    named = set(_region_pattern().findall(cased))
    regions = [r for r in region_table() if r in named]
    domains = _claim([(m, d.name) for d in DOMAINS for m in _phrases_in(low, d.question_phrases)])
    # The broad test (RatingAsk.mentions_rating): it steers boosts, not the structured answer.
    rating_question = rating_ask(question).mentions_rating
    ratings = [
        r.name
        for r in RATINGS
        # "good practice" is not a rating: an everyday word counts only in a question about ratings
        if _phrases_in(low, (r.name, *r.aliases)) and (rating_question or not r.everyday)
    ]
    return Understanding(
        services=[s for s in services if s in indexed],
        unknown_services=[s for s in services if s not in indexed],
        regions=regions,
        domains=domains,
        standards=_standards(low, rating_question),
        ratings=ratings,
        years=sorted({int(y) for y in YEAR.findall(question)}),
        rating_question=rating_question,
        expanded=expansions(question),
    )


def names(question: str) -> dict[str, list[str]]:
    """Capitalised names in the question, each with its capitalised words.

    The question's first word is capitalised anyway, so it counts only inside a longer name, and
    then not itself ("Is Kent Police..." names "Kent Police"). A question in title case names
    nothing this way.
    """
    words = re.findall(r"[A-Za-z][\w'’-]*", question)
    if len(words) >= 4 and sum(w[0].isupper() for w in words) > SETTINGS.query.title_case_share * len(words):
        return {}
    found: dict[str, list[str]] = {}
    for m in NAME.finditer(question):
        parts = re.findall(r"[A-Za-z]+", m.group(0))
        if not question[: m.start()].strip():
            parts = parts[1:]  # the question's first word
        capitalised = [w for w in parts if w[0].isupper() and w not in NOT_NAMES]
        if capitalised:
            found[m.group(0)] = capitalised
    return found


def _standards(low: str, rating_question: bool) -> list[str]:
    found = [s.label for s in STANDARDS if re.search(rf"(?<![\d.]){re.escape(s.code)}(?![\d])", low)]
    for s in STANDARDS:
        name = normalise(s.name)
        # One-word names ("planning") are everyday words: only a rating question makes them a standard.
        if (len(name.split()) > 1 or rating_question) and _phrases_in(low, (name,)) and s.label not in found:
            found.append(s.label)
    return found
