"""Per-row columns: each passage's document, domain, standard and section kind as integer codes.

Filters, boosts and spreading read these (columns.npy + columns.json) instead of parsing passages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from yjs_qa.index.rows import RowsError
from yjs_qa.models import Passage

COLUMNS_FILE = "columns.npy"
COLUMN_VALUES_FILE = "columns.json"
COLUMN_FIELDS = ("document", "domain", "standard", "section_kind")


def _codes(values: Sequence[str | None]) -> tuple[np.ndarray, list[str]]:
    vocab = sorted({v for v in values if v is not None})
    index = {v: i for i, v in enumerate(vocab)}
    return np.array([-1 if v is None else index[v] for v in values], dtype=np.int32), vocab


@dataclass(frozen=True)
class RowCodes:
    """Each row's document, domain, standard and section kind: codes into per-field vocabularies.

    `codes` is int32 [rows, len(COLUMN_FIELDS)]; -1 stands for None.
    """

    codes: np.ndarray
    vocab: dict[str, list[str]]

    @classmethod
    def of(cls, passages: Iterable[Passage]) -> RowCodes:
        cols: dict[str, list[str | None]] = {f: [] for f in COLUMN_FIELDS}
        for p in passages:
            cols["document"].append(p.document)
            cols["domain"].append(p.domain)
            cols["standard"].append(p.standard)
            cols["section_kind"].append(p.section_kind.value)
        coded = {f: _codes(v) for f, v in cols.items()}
        codes = np.stack([coded[f][0] for f in COLUMN_FIELDS], axis=1) if cols["document"] else None
        return cls(
            codes=codes if codes is not None else np.zeros((0, len(COLUMN_FIELDS)), dtype=np.int32),
            vocab={f: coded[f][1] for f in COLUMN_FIELDS},
        )

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def field(self, name: str, none: object = None) -> np.ndarray:
        """One field per row as an object array of strings, `none` where a row has no value."""
        table = np.array([*self.vocab[name], none], dtype=object)  # code -1 picks the last entry
        column: np.ndarray = table[self.codes[:, COLUMN_FIELDS.index(name)]]
        return column

    def save(self, vdir: Path) -> None:
        np.save(vdir / COLUMNS_FILE, np.ascontiguousarray(self.codes, dtype=np.int32), allow_pickle=False)
        meta = {"fields": list(COLUMN_FIELDS), "values": self.vocab}
        (vdir / COLUMN_VALUES_FILE).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, vdir: Path, rows: int) -> RowCodes:
        """A version's columns. RowsError if they are missing or damaged."""
        try:
            codes = np.load(vdir / COLUMNS_FILE, allow_pickle=False)
            meta = json.loads((vdir / COLUMN_VALUES_FILE).read_text("utf-8"))
            vocab = {f: [str(v) for v in meta["values"][f]] for f in COLUMN_FIELDS}
            fields = list(meta["fields"])
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise RowsError(f"the columns files are unreadable ({exc})") from exc
        if fields != list(COLUMN_FIELDS):
            raise RowsError(f"{COLUMN_VALUES_FILE} lists fields {fields}, not {list(COLUMN_FIELDS)}")
        if codes.dtype.kind != "i" or codes.shape != (rows, len(COLUMN_FIELDS)):
            raise RowsError(
                f"{COLUMNS_FILE} is {codes.dtype} {codes.shape}, not int [{rows}, {len(COLUMN_FIELDS)}]"
            )
        for i, f in enumerate(COLUMN_FIELDS):
            col = codes[:, i]
            if rows and (col.min() < -1 or col.max() >= len(vocab[f])):
                raise RowsError(f"{COLUMNS_FILE} has {f} codes outside its {len(vocab[f])} values")
        return cls(codes=codes.astype(np.int32, copy=False), vocab=vocab)

    def same_as(self, other: RowCodes) -> bool:
        """Whether both hold the same value in every row (codes may differ if vocabularies do)."""
        return len(self) == len(other) and all(
            np.array_equal(self.field(f), other.field(f)) for f in COLUMN_FIELDS
        )
