"""What a user sets, kept in the index so it outlives every update: tags on documents (service,
kind, date), the ratings a document states (where the reading got one wrong), and services the
shipped table lacks.

Tags and ratings come from `yjs-qa add FILE --service S --kind K --date D --rating overall=Good`
(`Library.add`) and from a corpus's `metadata.csv` and `ratings.csv` (`index build`), and are stored
at the index root in `corrections.json`, outside the versions, keyed by document file name. A
corpus's `services.csv` (the shipped table's columns, only `service` required) is stored as
`services.json` beside it. Every update applies them to the documents it indexes, so a
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
from yjs_qa.index.row_codes import COLUMN_FIELDS
from yjs_qa.index.version_data import IndexData
from yjs_qa.ingest.tag import place_name
from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.framework import edition
from yjs_qa.knowledge.scale import RATINGS, rating_for
from yjs_qa.knowledge.services import (
    extend_services,
    in_table,
    read_services_file,
    resolve_service,
    service_table,
)
from yjs_qa.models import DocKind, Document, Passage

CORRECTIONS_FILE = "corrections.json"
METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("document", "service", "kind", "date")
RATINGS_FILE = "ratings.csv"  # beside the corpus: document, standard, rating
RATINGS_COLUMNS = ("document", "standard", "rating")
SERVICES_FILE = "services.csv"  # beside the corpus: services the shipped table lacks
STORED_SERVICES = "services.json"  # at the index root
OVERALL = "overall"
DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}  # by length: YYYY, YYYY-MM, YYYY-MM-DD


class TagCorrection(BaseModel):
    """The tags a user set on one document; None keeps what was detected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str | None = None
    kind: DocKind | None = None
    date: str | None = None
    # The ratings the document states, where the reading got them wrong: 'overall' or a standard's
    # code -> a rating, or 'none' to drop one read in error.
    ratings: dict[str, str] | None = None

    def over(self, older: TagCorrection | None) -> TagCorrection:
        """This correction on top of an older one: the fields set here win, the others stay (a
        rating set here replaces that standard's, the others stay)."""
        if older is None:
            return self
        update = self.model_dump(exclude_none=True)
        if self.ratings is not None and older.ratings:
            update["ratings"] = {**older.ratings, **self.ratings}
        return older.model_copy(update=update)

    def applied(self, doc: Document) -> Document:
        """`doc` with these tags. A service set by the user needs no note on why it is unknown; one
        the services table lacks is noted as such."""
        update = self.model_dump(exclude_none=True)
        update.pop("ratings", None)
        if self.service is not None:
            update["tag_note"] = (
                None
                if in_table(self.service)
                else f"{self.service!r} is not in the services table: set by the user"
            )
        date, kind = update.get("date", doc.date), update.get("kind", doc.kind)
        update["framework"] = edition(date, kind)
        return doc.model_copy(update=update)


def ratings_of(correction: TagCorrection | None) -> dict[str, str]:
    return dict(correction.ratings or {}) if correction is not None else {}


def tags_of(doc: Document) -> tuple[object, ...]:
    """What a correction can change on a document, and the note on its service."""
    return doc.service, doc.kind, doc.date, doc.tag_note


def describe_change(old: Document, new: Document, rerated: bool = False) -> str:
    """Which tags of a document with unchanged text changed, for its 'updated' line."""
    changes = [
        f"{field} {getattr(old, field)!s} -> {getattr(new, field)!s}"
        for field in ("service", "kind", "date")
        if getattr(old, field) != getattr(new, field)
    ]
    if rerated:
        changes.append("ratings corrected")
    elif not changes:
        changes.append("note on its service")
    return f"text unchanged; tags changed: {', '.join(changes)}"


def stored_passages(old: IndexData, name: str) -> list[Passage]:
    """One document's passages as the live version holds them, in reading order (for re-tagging a
    document whose file is not read)."""
    rows = old.columns_of()
    code = rows.vocab["document"].index(name)
    found = np.flatnonzero(rows.codes[:, COLUMN_FIELDS.index("document")] == code)
    return sorted((old.passages[int(r)] for r in found), key=lambda p: p.ordinal)


def check(
    service: str | None = None,
    kind: str | None = None,
    date: str | None = None,
    ratings: Mapping[str, str] | None = None,
    *,
    where: str = "",
) -> TagCorrection | None:
    """The correction these values ask for (None when all are empty), or a YjsQaError saying what is
    wrong with one and what to give instead. `where` names the source in the message ("metadata.csv
    row 3: "). `ratings`: standard ('overall', '2.1', 'resettlement') -> rating (or 'none')."""
    service, kind, date = (v.strip() if v and v.strip() else None for v in (service, kind, date))
    if service is None and kind is None and date is None and not ratings:
        return None
    return TagCorrection(
        service=service_named(service, where) if service else None,
        kind=_kind(kind, where) if kind else None,
        date=_date(date, where) if date else None,
        ratings={_standard(k, where): _rating(v, where) for k, v in ratings.items()} if ratings else None,
    )


def service_named(value: str, where: str = "") -> str:
    """The table's name for a service the user names, or the name as given where the table lacks it
    (the document is tagged with it, and noted as not in the table). A name that reads as no place
    ('September and October'), or that is one letter or two from a table service ('Barnsly'), is an
    error: the first is no service, the second most likely a slip."""
    # The whole name must be the table's: resolving it as a name before the service words and as one
    # after them keeps a longer name ("Foo Wigan", "Wigan Foo") from reaching a known part of it.
    found = resolve_service(value, name_first=True)
    if found is not None and found == resolve_service(value, name_first=False):
        return found
    name = place_name(value)
    close = difflib.get_close_matches(value.title(), sorted(set(service_table().values())), n=3, cutoff=SLIP)
    if name is not None and not close:
        return name
    hint = f"Did you mean {', '.join(repr(n) for n in close)}? " if close else ""
    raise YjsQaError(
        f"{where}unknown service {value!r}: it is not a service or an alias in the services table"
        f"{'' if name else ', and does not read as a place name'}. {hint}Give a youth justice service "
        "as the table names it (e.g. 'Southend-on-Sea') or by an alias (e.g. 'southend'); a service the "
        "table lacks can be added to a services.csv beside the corpus. Nothing was changed."
    )


# How close a name must be to a table service to be taken for a slip of it ('Barnsly' for 'Barnsley'):
# difflib's ratio, set so that one or two letters wrong in a name of six or more is a slip.
SLIP = 0.85


def _standard(value: str, where: str) -> str:
    key = F.normalise(value)
    if key in (OVERALL, "overall rating"):
        return OVERALL
    if F.standard_by_code(key):
        return key
    named = {s.code for s in F.STANDARDS if key in (F.normalise(s.name), *map(F.normalise, s.aliases))}
    if len(named) == 1:
        return named.pop()
    codes = ", ".join(s.code for s in F.STANDARDS)
    also = f" ({value!r} names {', '.join(sorted(named))}: give one)" if named else ""
    raise YjsQaError(
        f"{where}unknown standard {value!r}{also}. Give 'overall' or a standard's number: {codes}. "
        "Nothing was changed."
    )


def _rating(value: str, where: str) -> str:
    if value.strip().lower() == "none":
        return "none"
    found = rating_for(value)
    if found is None:
        valid = ", ".join(repr(r.name) for r in RATINGS)
        raise YjsQaError(
            f"{where}unknown rating {value!r}. Valid ratings: {valid}, or 'none'. Nothing was changed."
        )
    return found.name


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


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str | None]]]:
    """A user's CSV file: its column names (lower case) and its rows; a clear error if unreadable."""
    try:
        reader = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
        return [(h or "").strip().lower() for h in reader.fieldnames or []], list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise YjsQaError(f"{path} cannot be read ({exc}); it must be a UTF-8 CSV file") from None


def read_metadata(folder: Path) -> dict[str, TagCorrection]:
    """The corrections a folder's metadata.csv asks for, by document file name ({} without one).

    Columns: document (the file name), service, kind, date; an empty cell keeps what was detected.
    Every row is checked before anything is indexed: one bad value is an error naming its row."""
    path = folder / METADATA_FILE
    if not path.is_file():
        return {}
    header, rows = _read_csv(path)
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


def read_rating_corrections(folder: Path) -> dict[str, TagCorrection]:
    """The ratings a folder's ratings.csv sets, by document file name ({} without one).

    Columns: document, standard ('overall', '2.1', 'resettlement'), rating ('Good', or 'none' to drop
    a rating read in error). Every row is checked before anything is indexed."""
    path = folder / RATINGS_FILE
    if not path.is_file():
        return {}
    header, rows = _read_csv(path)
    if set(header) != set(RATINGS_COLUMNS):
        raise YjsQaError(
            f"{path}: the first line must name its columns 'document', 'standard' and 'rating' "
            f"(found {', '.join(repr(h) for h in header) or 'none'}). Nothing was changed."
        )
    found: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows, start=2):
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        if not any(cells.values()):
            continue
        where = f"{path} line {n}: "
        if not all(cells.get(c) for c in RATINGS_COLUMNS):
            raise YjsQaError(f"{where}a document, a standard and a rating are all needed")
        found.setdefault(cells["document"], {})[cells["standard"]] = cells["rating"]
    return {
        name: tags
        for name, ratings in found.items()
        if (tags := check(ratings=ratings, where=f"{path}: {name}: ")) is not None
    }


def read_services(folder: Path) -> list[dict[str, str]]:
    """A folder's services.csv: services the shipped table lacks ([] without one)."""
    path = folder / SERVICES_FILE
    return read_services_file(path) if path.is_file() else []


def load_services(index_dir: Path) -> list[dict[str, str]]:
    """The services a user added to this index ([] for none)."""
    path = index_dir / STORED_SERVICES
    if not path.is_file():
        return []
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["services"]
        return [{str(k): str(v) for k, v in row.items()} for row in rows]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise YjsQaError(
            f"{path} cannot be read ({type(exc).__name__}); fix or delete it (deleting it drops the "
            "services added with a services.csv) and run the command again"
        ) from None


def use_services(index_dir: Path) -> None:
    """Register this index's user services for the process, so every reader and filter knows them."""
    extend_services(load_services(index_dir))


def save_services(index_dir: Path, rows: list[dict[str, str]]) -> None:
    """Store the index's user services (merged by service name; a newer row replaces an older)."""
    merged = {r["service"]: r for r in [*load_services(index_dir), *rows] if r.get("service")}
    _write_json(index_dir / STORED_SERVICES, {"format": 1, "services": [merged[k] for k in sorted(merged)]})


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
    _write_json(index_dir / CORRECTIONS_FILE, data)


def _write_json(path: Path, data: object) -> None:
    """Write a JSON file atomically (temp file, fsync, rename). Call under the writer lock."""
    index_dir = path.parent
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
