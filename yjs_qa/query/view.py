"""What a question reads: one index version, with its filter columns and document tags, read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from yjs_qa.index.version_data import IndexData
from yjs_qa.models import DocKind, Document, Filters, Passage
from yjs_qa.query.filters import FilterColumns
from yjs_qa.ratings.answers import RatingsData


@dataclass(frozen=True)
class IndexView:
    """An opened version. Every step of a question reads the same one, so an answer never mixes two
    versions, however the index changes meanwhile."""

    data: IndexData
    columns: FilterColumns
    services: list[str | None]  # each row's service; None where the document has none
    docs: dict[str, Document]

    @classmethod
    def of(cls, data: IndexData) -> IndexView:
        docs = {d.document: d for d in data.manifest.documents}
        # Filters, boosts and spreading read per-row columns stored with the version, so neither
        # opening nor a question parses every passage; a question parses only the rows it returns.
        rows = data.columns_of()
        names = rows.vocab["document"]
        service_of = np.array([docs[n].service for n in names] + [None], dtype=object)
        services: list[str | None] = service_of[rows.codes[:, 0]].tolist()
        return cls(data, FilterColumns.from_rows(rows, docs), services, docs)

    # Worked out once per opened version (a frozen dataclass keeps cached_property's value in its
    # __dict__): every rating question reads them.
    @cached_property
    def kinds(self) -> dict[str, DocKind]:
        """Each document's kind, by file name: which source to believe first for a rating."""
        return {name: d.kind for name, d in self.docs.items()}

    @cached_property
    def dates(self) -> dict[str, str | None]:
        """Each document's date, by file name: which of a service's ratings is the latest."""
        return {name: d.date for name, d in self.docs.items()}

    @cached_property
    def ratings_data(self) -> RatingsData:
        """What the ratings answers read: the version's ratings, counts, recommendations and
        statements, and each document's tags."""
        d = self.data
        return RatingsData(d.ratings, d.rating_counts, d.recommendations, d.rating_statements, self.docs)

    @property
    def version(self) -> str:
        return self.data.manifest.version

    def passage(self, row: int) -> Passage:
        return self.data.passages[row]

    def passages_of(self, document: str) -> list[Passage]:
        """One document's passages in reading order, read by their rows only."""
        rows = self.data.columns_of()
        names = rows.vocab["document"]
        if document not in names:
            return []
        found = [self.passage(int(r)) for r in np.flatnonzero(rows.codes[:, 0] == names.index(document))]
        return sorted(found, key=lambda p: p.ordinal)

    def document_rows(self, documents: set[str]) -> np.ndarray:
        """A row mask of these documents' passages."""
        rows = self.data.columns_of()
        codes = [i for i, name in enumerate(rows.vocab["document"]) if name in documents]
        return np.isin(rows.codes[:, 0], codes)

    def filter_values(self) -> Filters:
        """Every value each filter can take here: the services documents are tagged with, and the
        domains and standards passages carry."""
        v = self.columns.values
        return Filters(services=v["service"], domains=v["domain"], standards=v["standard"], kinds=v["kind"])
