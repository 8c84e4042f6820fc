"""Tags a user sets on documents (service, kind, date), kept in the index so they outlive every update.

They come from `yjs-qa add FILE --service S --kind K --date D` (`Library.add`) and from a corpus's
`metadata.csv` (`index build`), and are stored at the index root in `corrections.json`, outside the
versions, keyed by document file name. Every update applies them to the documents it indexes, so a
refresh or a `--rebuild` keeps them (docs/index-format.md).
"""

from __future__ import annotations

import csv
import difflib
import json
import os
import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from yjs_qa.errors import YjsQaError
from yjs_qa.index.columns import COLUMN_FIELDS
from yjs_qa.index.version import IndexData
from yjs_qa.knowledge.framework import edition
from yjs_qa.knowledge.services import resolve_service, service_table
from yjs_qa.models import DocKind, Document, Passage

CORRECTIONS_FILE = "corrections.json"
METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("document", "service", "kind", "date")
DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}  # by length: YYYY, YYYY-MM, YYYY-MM-DD


class TagCorrection(BaseModel):
    """The tags a user set on one document; None keeps what was detected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str | None = None
    kind: DocKind | None = None
    date: str | None = None

    def over(self, older: TagCorrection | None) -> TagCorrection:
        """This correction on top of an older one: the fields set here win, the others stay."""
        if older is None:
            return self
        return older.model_copy(update=self.model_dump(exclude_none=True))

    def applied(self, doc: Document) -> Document:
        """`doc` with these tags. A service set by the user needs no note on why it is unknown."""
        update = self.model_dump(exclude_none=True)
        if self.service is not None:
            update["tag_note"] = None
        date, kind = update.get("date", doc.date), update.get("kind", doc.kind)
        update["framework"] = edition(date, kind)
        return doc.model_copy(update=update)


def tags_of(doc: Document) -> tuple[object, ...]:
    """What a correction can change on a document, and the note on its service."""
    return doc.service, doc.kind, doc.date, doc.tag_note


def describe_change(old: Document, new: Document) -> str:
    """Which tags of a document with unchanged text changed, for its 'updated' line."""
    changes = [
        f"{field} {getattr(old, field)!s} -> {getattr(new, field)!s}"
        for field in ("service", "kind", "date")
        if getattr(old, field) != getattr(new, field)
    ]
    return f"text unchanged; tags changed: {', '.join(changes) or 'note on its service'}"


def stored_passages(old: IndexData, name: str) -> list[Passage]:
    """One document's passages as the live version holds them, in reading order (for re-tagging a
    document whose file is not read)."""
    rows = old.columns_of()
    code = rows.vocab["document"].index(name)
    found = np.flatnonzero(rows.codes[:, COLUMN_FIELDS.index("document")] == code)
    return sorted((old.passages[int(r)] for r in found), key=lambda p: p.ordinal)


def check(
    service: str | None = None, kind: str | None = None, date: str | None = None, *, where: str = ""
) -> TagCorrection | None:
    """The correction these values ask for (None when all are empty), or a YjsQaError saying what is
    wrong with one and what to give instead. `where` names the source in the message ("metadata.csv
    row 3: ")."""
    service, kind, date = (v.strip() if v and v.strip() else None for v in (service, kind, date))
    if service is None and kind is None and date is None:
        return None
    return TagCorrection(
        service=_service(service, where) if service else None,
        kind=_kind(kind, where) if kind else None,
        date=_date(date, where) if date else None,
    )


def _service(value: str, where: str) -> str:
    # The whole name must be the table's: resolving it as a name before the service words and as one
    # after them keeps a longer name ("Foo Wigan", "Wigan Foo") from reaching a known part of it.
    found = resolve_service(value, name_first=True)
    if found is not None and found == resolve_service(value, name_first=False):
        return found
    names = sorted(set(service_table().values()))
    close = difflib.get_close_matches(value.title(), names, n=3, cutoff=0.6)
    hint = f"Did you mean {', '.join(repr(n) for n in close)}? " if close else ""
    raise YjsQaError(
        f"{where}unknown service {value!r}: it is not a service or an alias in the services table. "
        f"{hint}Give a youth justice service as the table names it (e.g. 'Southend-on-Sea', "
        "'East Sussex') or by an alias (e.g. 'southend'); the table is "
        "yjs_qa/knowledge/data/services.csv. Nothing was changed."
    )


def _kind(value: str, where: str) -> DocKind:
    wanted = " ".join(value.lower().replace("_", " ").replace("-", " ").split())
    for kind in DocKind:
        if kind.value == wanted:
            return kind
    valid = ", ".join(repr(k.value) for k in DocKind)
    raise YjsQaError(f"{where}unknown kind {value!r}. Valid kinds: {valid}. Nothing was changed.")


def _date(value: str, where: str) -> str:
    fmt = DATE_FORMATS.get(len(value))
    try:
        if fmt is None:
            raise ValueError(value)
        datetime.strptime(value, fmt)
    except ValueError:
        raise YjsQaError(
            f"{where}invalid date {value!r}: give an ISO date, YYYY, YYYY-MM or YYYY-MM-DD "
            "(e.g. 2024, 2024-03 or 2024-03-15). Nothing was changed."
        ) from None
    return value


def read_metadata(folder: Path) -> dict[str, TagCorrection]:
    """The corrections a folder's metadata.csv asks for, by document file name ({} without one).

    Columns: document (the file name), service, kind, date; an empty cell keeps what was detected.
    Every row is checked before anything is indexed: one bad value is an error naming its row."""
    path = folder / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        reader = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
        header = [(h or "").strip().lower() for h in reader.fieldnames or []]
        rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise YjsQaError(f"{path} cannot be read ({exc}); it must be a UTF-8 CSV file") from None
    if "document" not in header or not set(header) <= set(METADATA_COLUMNS):
        raise YjsQaError(
            f"{path}: the first line must name its columns, 'document' and any of 'service', 'kind', "
            f"'date' (found {', '.join(repr(h) for h in header) or 'none'}). Nothing was changed."
        )
    found: dict[str, TagCorrection] = {}
    for n, row in enumerate(rows, start=2):
        cells = {(k or "").strip().lower(): (v or "") for k, v in row.items() if isinstance(v, str)}
        name = cells.get("document", "").strip()
        where = f"{path} line {n}: "
        if not name:
            if any(v.strip() for v in cells.values()):
                raise YjsQaError(f"{where}no document file name in the 'document' column")
            continue
        if name in found:
            raise YjsQaError(f"{where}{name!r} is listed twice")
        tags = check(cells.get("service"), cells.get("kind"), cells.get("date"), where=where)
        if tags is not None:
            found[name] = tags
    return found


def load(index_dir: Path) -> dict[str, TagCorrection]:
    """The corrections stored in an index ({} for none)."""
    path = index_dir / CORRECTIONS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): TagCorrection.model_validate(v) for k, v in data["documents"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError) as exc:
        raise YjsQaError(
            f"{path} cannot be read ({type(exc).__name__}); fix or delete it (deleting it drops the "
            "tags set with add --service/--kind/--date and metadata.csv) and run the command again"
        ) from None


def merged(stored: Mapping[str, TagCorrection], new: Mapping[str, TagCorrection]) -> dict[str, TagCorrection]:
    """The stored corrections with the new ones on top, field by field."""
    out = dict(stored)
    for name, tags in new.items():
        out[name] = tags.over(out.get(name))
    return out


def save(index_dir: Path, corrections: Mapping[str, TagCorrection]) -> None:
    """Write corrections.json atomically (temp file, fsync, rename). Call under the writer lock."""
    data = {
        "format": 1,
        "documents": {
            name: corrections[name].model_dump(mode="json", exclude_none=True) for name in sorted(corrections)
        },
    }
    path = index_dir / CORRECTIONS_FILE
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
