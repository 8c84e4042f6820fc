"""Step 2, whose rating: the document's service, another service its sentence names as one, another
body (Ofsted's rating of a council's children's services), or a national figure (a count of
services). Only a service's rating becomes a Rating."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yjs_qa.knowledge.services import SERVICE_IN_TEXT, canonical_service, service_key, service_table
from yjs_qa.ratings.vocabulary import (
    BY_OTHER_BODY,
    NOT_A_NAME,
    OTHER_BODY,
    POSSESSIVE,
    SERVICE_COUNT,
    SERVICE_WORD,
    VERB_END,
    YOUTH_JUSTICE,
)


@dataclass(frozen=True)
class Owner:
    """Whose a rating is: `service` (None: the document's own), or `other` saying whose else."""

    service: str | None = None
    other: str | None = None  # 'another body', 'a national figure', 'several services'
    why: str = ""


def declared_services(text: str) -> dict[str, str]:
    """Services the passage names with a suffix ('Western Bay Youth Justice Service'), by key."""
    return {service_key(n): n for n in suffixed(text)}


def suffixed(text: str) -> set[str]:
    """Services named with a suffix in `text`: 'Bolton Youth Justice Service' (not 'The YJS')."""
    names = {canonical_service(m.group("name")) for m in SERVICE_IN_TEXT.finditer(text)}
    return {n for n in names if n and not NOT_A_NAME.match(n)}


def sentence_owner(
    sentence: str, service: str | None, declared: dict[str, str], own: str | None = None
) -> str | None:
    """The service a sentence's (or a stretch of it's) ratings belong to: `service`, or the one
    other it names as a service ('Bolton Youth Justice Service'); None where it names others only in
    passing. `own`, the document's service where `service` is the sentence's: named at all, it is
    the owner."""
    key = f" {' '.join(POSSESSIVE.sub(' ', service_key(sentence)).split())} "
    named = {name for alias, name in service_table().items() if f" {alias} " in key}
    if own is not None and f" {service_key(own)} " in key:
        named.add(own)  # a service the table lacks, which the document states as its own
    as_services = suffixed(sentence)
    as_services |= {
        name
        for alias, name in service_table().items()
        if re.search(rf" {re.escape(alias)} {SERVICE_WORD}", key)
    }
    as_services |= {name for k, name in declared.items() if f" {k} " in key}
    # The subject just before the verb: ', while Wandsworth was given a Good rating'.
    as_services |= {
        name for alias, name in service_table().items() if re.search(rf" {re.escape(alias)} {VERB_END}", key)
    }
    if own is not None and own in named | as_services:
        return own
    if not (named | as_services) or service in named | as_services:
        return service
    # 'Greater Manchester Police' names a place, not a rated service: only a service named as one counts.
    return next(iter(as_services)) if len(as_services) == 1 else None


def whose(head: str, after: str, owner: str | None, document_service: str | None) -> Owner:
    """Whose a rating is, given the sentence's owner (sentence_owner): `head` is what the form rates
    (its object, or the words before it since the previous rating), `after` the words after it."""
    if owner is None:
        if document_service is None:
            return Owner(other="a national figure", why="the document is about no one service")
        return Owner(other="several services", why="the sentence names other services only in passing")
    if SERVICE_COUNT.search(head) and not suffixed(head):
        return Owner(other="a national figure", why="a count or share of services, no one service's rating")
    subject = " ".join(head.split()[-SUBJECT_WORDS:])
    body = OTHER_BODY.search(subject) or BY_OTHER_BODY.match(after)
    if body and not YOUTH_JUSTICE.search(subject[body.start() :] if body.re is OTHER_BODY else ""):
        return Owner(
            other="another body", why=f"'{body.group(0).strip()}' is rated, not a youth justice service"
        )
    if owner == document_service:
        return Owner(None, why="the document's own service")
    return Owner(owner, why=f"the sentence names {owner} as the service rated")


# The words before a verb that name what it rates: 'the council's children's services were rated'.
SUBJECT_WORDS = 6
