"""Forgiving filter values ('southend', 'court disposals', 'planning', 'press') matched to the exact
values an index holds. The query filters, the ratings filters and the front ends share these."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from yjs_qa.errors import UnknownFilterError
from yjs_qa.knowledge.framework import DOMAINS, STANDARDS, normalise
from yjs_qa.knowledge.lexicon import NUMBER_WORDS
from yjs_qa.knowledge.services import canonical_service, service_key

FilterValue = str | Sequence[str] | None
Matcher = Callable[[str, list[str]], list[str]]


def values_of(value: FilterValue) -> list[str]:
    """A filter's values: one string or several, stripped, empty ones dropped."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [v for v in (i.strip() for i in items) if v]


def resolve_many(field: str, values: list[str], known: list[str], match: Matcher) -> list[str]:
    """The known values each of `values` names; one that names none is an UnknownFilterError
    listing the valid ones."""
    found: list[str] = []
    for value in values:
        hits = match(value, known)
        if not hits:
            raise UnknownFilterError(field, value, known)
        found.extend(h for h in hits if h not in found)
    return found


def match_service(value: str, known: list[str]) -> list[str]:
    """Known services a value names: by name or any alias ('southend', 'Essex YOS'), or by the
    start of one name."""
    key = service_key(canonical_service(value))
    exact = [k for k in known if service_key(k) == key]
    if exact:
        return exact
    prefix = [k for k in known if service_key(k).startswith(service_key(value))]
    return prefix if len(prefix) == 1 else []


def match_domain(value: str, known: list[str]) -> list[str]:
    key = normalise(value)
    key = re.sub(r"^domain\s+", "", key)
    number = NUMBER_WORDS.get(key) or (int(key) if key.isdigit() else None)
    names: set[str] = set()
    for d in DOMAINS:
        if number == d.number or key in (normalise(d.name), *map(normalise, d.aliases)):
            names.add(d.name)
    names |= {k for k in known if normalise(k) == key}
    return [k for k in known if k in names]


def match_standard(value: str, known: list[str]) -> list[str]:
    key = normalise(value)
    code = re.match(r"^(\d{1,2}\.\d{1,2})\b", key)
    if code:
        return [k for k in known if k.split(" ", 1)[0] == code.group(1)]
    names = {normalise(s.name) for s in STANDARDS if key in (normalise(s.name), *map(normalise, s.aliases))}
    names.add(key)
    return [k for k in known if normalise(k.split(" ", 1)[-1]) in names]


def match_kind(value: str, known: list[str]) -> list[str]:
    """A document kind by its name or the start of its words: 'annual', 'press', 'thematic', 'report'
    (inspection and annual reports)."""
    words = normalise(value).split()
    return [
        k
        for k in known
        if k == normalise(value) or all(any(w.startswith(x) for w in k.split()) for x in words)
    ]
