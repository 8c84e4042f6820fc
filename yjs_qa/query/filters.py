"""Resolve forgiving filter values ('southend', 'court disposals', 'planning') to exact index values."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from yjs_qa.errors import UnknownFilterError
from yjs_qa.index.columns import RowColumns
from yjs_qa.knowledge.framework import DOMAINS, STANDARDS, normalise
from yjs_qa.knowledge.lexicon import NUMBER_WORDS
from yjs_qa.knowledge.services import canonical_service, service_key
from yjs_qa.models import Document, Filters, Passage

FilterValue = str | Sequence[str] | None


def _values(value: FilterValue) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [v for v in (i.strip() for i in items) if v]


@dataclass(frozen=True)
class Columns:
    """An index's filterable values, one array per field in row order; built once per version.

    Scanning 100k Passage objects costs ~130 ms, so a question must not do it.
    """

    service: np.ndarray
    domain: np.ndarray
    standard: np.ndarray
    values: dict[str, list[str]]  # the distinct values of each field, sorted
    section_kind: np.ndarray  # for boosts, not filters
    year: np.ndarray  # the document's year, "" when undated
    kind: np.ndarray  # the document's kind ("annual report"), for the kind filter

    @classmethod
    def of(
        cls,
        passages: Sequence[Passage],
        services_of: Sequence[str | None],
        docs: Mapping[str, Document] | None = None,
    ) -> Columns:
        def col(values: list[str | None]) -> np.ndarray:
            return np.array(["" if v is None else v for v in values], dtype=object)

        cols = {
            "service": col(list(services_of)),
            "domain": col([p.domain for p in passages]),
            "standard": col([p.standard for p in passages]),
        }
        values = {f: sorted(v for v in set(c.tolist()) if v) for f, c in cols.items()}
        dates = {n: (d.date or "")[:4] for n, d in (docs or {}).items()}
        kinds = {n: d.kind.value for n, d in (docs or {}).items()}
        kind = col([kinds.get(p.document) for p in passages])
        return cls(
            **cols,
            values={**values, "kind": sorted(v for v in set(kind.tolist()) if v)},
            section_kind=col([p.section_kind.value for p in passages]),
            year=col([dates.get(p.document, "") for p in passages]),
            kind=kind,
        )

    @classmethod
    def from_rows(cls, rows: RowColumns, docs: Mapping[str, Document]) -> Columns:
        """The same columns from a version's stored codes, without reading any passage."""
        names = rows.vocab["document"]
        doc_codes = rows.codes[:, 0]
        services = np.array([docs[n].service or "" for n in names] + [""], dtype=object)
        years = np.array([(docs[n].date or "")[:4] for n in names] + [""], dtype=object)
        kinds = np.array([docs[n].kind.value for n in names] + [""], dtype=object)
        present = np.unique(doc_codes)
        return cls(
            service=services[doc_codes],
            domain=rows.field("domain", ""),
            standard=rows.field("standard", ""),
            values={
                "service": sorted({str(v) for v in services[present] if v}),
                "domain": sorted(v for v in rows.vocab["domain"] if v),
                "standard": sorted(v for v in rows.vocab["standard"] if v),
                "kind": sorted({str(v) for v in kinds[present] if v}),
            },
            section_kind=rows.field("section_kind", ""),
            year=years[doc_codes],
            kind=kinds[doc_codes],
        )

    def mask(self, filters: Filters) -> np.ndarray:
        """Boolean row mask of passages that pass every active filter."""
        keep = np.ones(len(self.service), dtype=bool)
        for values, column in (
            (filters.services, self.service),
            (filters.domains, self.domain),
            (filters.standards, self.standard),
            (filters.kinds, self.kind),
        ):
            if values:
                keep &= np.isin(column, values)
        return keep


def resolve(
    *,
    columns: Columns,
    service: FilterValue = None,
    domain: FilterValue = None,
    standard: FilterValue = None,
    kind: FilterValue = None,
) -> Filters:
    """Map each user value onto the services, domains, standards and document kinds the index holds."""
    known = columns.values
    return Filters(
        services=_resolve_many("service", _values(service), known["service"], _match_service),
        domains=_resolve_many("domain", _values(domain), known["domain"], _match_domain),
        standards=_resolve_many("standard", _values(standard), known["standard"], _match_standard),
        kinds=_resolve_many("kind", _values(kind), known["kind"], _match_kind),
    )


def _resolve_many(field: str, values: list[str], known: list[str], match: object) -> list[str]:
    found: list[str] = []
    for value in values:
        hits = match(value, known)  # type: ignore[operator]
        if not hits:
            raise UnknownFilterError(field, value, known)
        found.extend(h for h in hits if h not in found)
    return found


def _match_service(value: str, known: list[str]) -> list[str]:
    canonical = canonical_service(value)
    key = service_key(canonical)
    exact = [k for k in known if service_key(k) == key]
    if exact:
        return exact
    prefix = [k for k in known if service_key(k).startswith(service_key(value))]
    return prefix if len(prefix) == 1 else []


def _match_domain(value: str, known: list[str]) -> list[str]:
    key = normalise(value)
    key = re.sub(r"^domain\s+", "", key)
    number = NUMBER_WORDS.get(key) or (int(key) if key.isdigit() else None)
    names: set[str] = set()
    for d in DOMAINS:
        if number == d.number or key in (normalise(d.name), *map(normalise, d.aliases)):
            names.add(d.name)
    names |= {k for k in known if normalise(k) == key}
    return [k for k in known if k in names]


def _match_standard(value: str, known: list[str]) -> list[str]:
    key = normalise(value)
    code = re.match(r"^(\d{1,2}\.\d{1,2})\b", key)
    if code:
        return [k for k in known if k.split(" ", 1)[0] == code.group(1)]
    names = {normalise(s.name) for s in STANDARDS if key in (normalise(s.name), *map(normalise, s.aliases))}
    names.add(key)
    return [k for k in known if normalise(k.split(" ", 1)[-1]) in names]


def _match_kind(value: str, known: list[str]) -> list[str]:
    """A document kind by its name or the start of its words: 'annual', 'press', 'thematic', 'report'
    (inspection and annual reports)."""
    words = normalise(value).split()
    return [
        k
        for k in known
        if k == normalise(value) or all(any(w.startswith(x) for w in k.split()) for x in words)
    ]
