"""Resolve forgiving filter values ('southend', 'court disposals', 'planning') to exact index values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from yjs_qa.index.row_codes import RowCodes
from yjs_qa.knowledge.filter_values import (
    match_domain,
    match_kind,
    match_service,
    match_standard,
    resolve_many,
)
from yjs_qa.models import Document, Filters, FilterSpec


@dataclass(frozen=True)
class FilterColumns:
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
    def from_rows(cls, rows: RowCodes, docs: Mapping[str, Document]) -> FilterColumns:
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


def resolve(columns: FilterColumns, spec: FilterSpec) -> Filters:
    """Map each user value onto the services, domains, standards and document kinds the index holds."""
    known = columns.values
    return Filters(
        services=resolve_many("service", list(spec.service), known["service"], match_service),
        domains=resolve_many("domain", list(spec.domain), known["domain"], match_domain),
        standards=resolve_many("standard", list(spec.standard), known["standard"], match_standard),
        kinds=resolve_many("kind", list(spec.kind), known["kind"], match_kind),
    )
