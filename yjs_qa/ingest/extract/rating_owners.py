"""Whose a rating stated in prose is: a service its sentence names as one, or the document's."""

from __future__ import annotations

import re

from yjs_qa.knowledge.services import (
    SERVICE_IN_TEXT,
    STRIP_SUFFIX,
    canonical_service,
    service_key,
    service_table,
)

# What SERVICE_IN_TEXT catches at a sentence's start that names no service: 'The YJS', 'Our YOT'.
NOT_A_NAME = re.compile(r"^(?:the|this|that|our|their|its|his|her|a|an|each|every|any|all|local|new)$", re.I)
SERVICE_WORD = r"(?:service|yjs|yot|yos|yjt|team|youth justice|youth offending)\b"


def declared_services(text: str) -> dict[str, str]:
    """Services the passage names with a suffix ('Western Bay Youth Justice Service'), by key."""
    return {service_key(n): n for n in _suffixed(text)}


def _suffixed(text: str) -> set[str]:
    """Services named with a suffix in `text`: 'Bolton Youth Justice Service' (not 'The YJS')."""
    names = {canonical_service(m.group("name")) for m in SERVICE_IN_TEXT.finditer(text)}
    return {n for n in names if n and not NOT_A_NAME.match(n)}


def owner(sentence: str, service: str | None, declared: dict[str, str], own: str | None = None) -> str | None:
    """The service a sentence's ratings belong to: `service` (the document's), or the one other it
    names as a service ('Bolton Youth Justice Service'); None where it names others only in passing.
    `own`, the document's service where `service` is the sentence's: named at all, it is the owner."""
    key = f" {service_key(sentence)} "
    named = {name for alias, name in service_table().items() if f" {alias} " in key}
    as_services = _suffixed(sentence)
    as_services |= {
        name
        for alias, name in service_table().items()
        if re.search(rf" {re.escape(alias)} {SERVICE_WORD}", key)
    }
    as_services |= {name for k, name in declared.items() if f" {k} " in key}
    if own is not None and own in named | as_services:
        return own
    if not (named | as_services) or service in named | as_services:
        return service
    # 'Greater Manchester Police' names a place, not a rated service: only a service named as one counts.
    return next(iter(as_services)) if len(as_services) == 1 else None


def ends_with_service(head: str) -> bool:
    """Whether the words before a bare 'rated' are a service's name: 'Kent youth offending team'."""
    head = head.strip().rstrip(",:–—-").strip()  # 'Wigan YOT – rated Good', 'Wigan YOT: rated Good'
    name = STRIP_SUFFIX.sub("", head).strip()
    if name == head:
        return False  # no 'Youth Justice Service', 'YOT' ... before the verb
    key = service_key(name)
    return any(key == alias or key.endswith(f" {alias}") for alias in service_table())
