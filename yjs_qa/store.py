"""The index folder on disk: versioned, written beside the old one, switched atomically. No pickle.

Layout::

    index/
      CURRENT                 name of the live version (replaced atomically)
      LOCK                    writers take this lock; readers never do
      versions/<version>/
        manifest.json         format version, model, counts, documents with content hashes
        passages.jsonl        one Passage per line, in row order
        passages.offsets.npy  int64 [passages + 1]: the byte where each line starts, then the length
        columns.npy           int32 [passages, 4]: each row's document, domain, standard and section
                              kind, as codes into columns.json (-1 for none)
        columns.json          the values those codes stand for, per field
        vectors.npy           float32 [passages, dimension], L2-normalised
        dense.faiss           FAISS inner-product index over the same rows
        bm25/                 bm25s index (numpy arrays + JSON)
        ratings.json          ratings and recommendations the documents state (yjs_qa.ratings)

Readers parse no passage on opening: passages are read a row at a time through the offsets, and
filters read the columns (yjs_qa.rows). A version written before those two files existed still
opens (they are then computed from passages.jsonl).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bm25s
import faiss
import numpy as np
from Stemmer import Stemmer

from .errors import IndexMismatchError, IndexNotFoundError
from .models import Document, Passage, Rating, Recommendation, VerifyReport
from .rows import (
    PASSAGES_FILE,
    PassageTable,
    RowColumns,
    VectorRows,
    load_passages,
    write_passages,
)

FORMAT_VERSION = 1
RATINGS_FILE = "ratings.json"
_stemmer = Stemmer("english")


@dataclass
class Manifest:
    format_version: int
    version: str
    built_at: str
    model: str
    dimension: int
    model_fingerprint: str
    documents: list[Document]
    passages: int

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": self.format_version,
            "version": self.version,
            "built_at": self.built_at,
            "model": {
                "name": self.model,
                "dimension": self.dimension,
                "fingerprint": self.model_fingerprint,
            },
            "counts": {"documents": len(self.documents), "passages": self.passages},
            "documents": [d.model_dump(mode="json") for d in self.documents],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            format_version=int(data["format_version"]),
            version=str(data["version"]),
            built_at=str(data["built_at"]),
            model=str(data["model"]["name"]),
            dimension=int(data["model"]["dimension"]),
            model_fingerprint=str(data["model"].get("fingerprint", "")),
            documents=[Document.model_validate(d) for d in data["documents"]],
            passages=int(data["counts"]["passages"]),
        )


@dataclass
class IndexData:
    """Everything a reader needs, loaded from one version folder."""

    manifest: Manifest
    passages: PassageTable  # read-only, parsed a row at a time
    vectors: np.ndarray
    dense: faiss.Index
    keyword: bm25s.BM25
    path: Path
    ratings: list[Rating] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    columns: RowColumns | None = None  # filled in by load(); see columns_of()
    vector_rows: VectorRows | None = None  # single rows of vectors.npy; see vector()

    def vector(self, row: int) -> np.ndarray:
        """The vector of one row, read without faulting vectors.npy's mapping in."""
        if self.vector_rows is not None:
            return self.vector_rows[row]
        return np.asarray(self.vectors[row])

    def columns_of(self) -> RowColumns:
        """Each row's document, domain, standard and section kind (parsed once for old versions)."""
        if self.columns is None:
            self.columns = RowColumns.of(self.passages)
        return self.columns


def keyword_tokens(texts: list[str]) -> list[list[str]]:
    """Tokens for BM25: lower-cased, English stop words removed, Snowball-stemmed."""
    tokens = bm25s.tokenize(
        texts, lower=True, stopwords="en", stemmer=_stemmer, return_ids=False, show_progress=False
    )
    return [list(t) for t in tokens]


def current_version(index_dir: Path) -> str | None:
    try:
        return (index_dir / "CURRENT").read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def exists(index_dir: Path) -> bool:
    return current_version(index_dir) is not None


LOAD_ATTEMPTS = 5


def load(index_dir: Path) -> IndexData:
    """Open the live version of the index at `index_dir`.

    A writer may publish newer versions and delete this one while we read it; then the read
    fails and CURRENT has moved on, so we follow it. A failure at a version that is still live is
    real damage and is reported.
    """
    for _ in range(LOAD_ATTEMPTS):
        version = current_version(index_dir)
        if version is None:
            raise IndexNotFoundError(index_dir)
        try:
            return _load_version(index_dir, version)
        except IndexMismatchError:
            if current_version(index_dir) == version:
                raise
    return _load_version(index_dir, current_version(index_dir) or "")


def _load_version(index_dir: Path, version: str) -> IndexData:
    vdir = index_dir / "versions" / version
    try:
        manifest = Manifest.from_json(json.loads((vdir / "manifest.json").read_text("utf-8")))
    except FileNotFoundError as exc:
        raise IndexMismatchError(index_dir, f"version {version} has no manifest") from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexMismatchError(index_dir, f"manifest is unreadable ({exc})") from exc
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            index_dir,
            f"it has format version {manifest.format_version}, this yjs-qa reads {FORMAT_VERSION}",
        )
    try:
        passages = load_passages(vdir, index_dir)
        columns = RowColumns.load(vdir, manifest.passages)
        vectors = np.load(vdir / "vectors.npy", allow_pickle=False, mmap_mode="r")
        vector_rows = VectorRows(vdir / "vectors.npy", vectors) if isinstance(vectors, np.memmap) else None
        # Mapped, not copied: a version's files never change, and the vectors stay in the page cache.
        dense = faiss.read_index(str(vdir / "dense.faiss"), getattr(faiss, "IO_FLAG_MMAP_IFC", 0))
        keyword = bm25s.BM25.load(str(vdir / "bm25"), mmap=True, allow_pickle=False, show_progress=False)
    except (OSError, ValueError, RuntimeError) as exc:  # RowsError is a ValueError
        raise IndexMismatchError(index_dir, f"a file of version {version} is damaged ({exc})") from exc
    n = len(passages)
    if not (vectors.shape[0] == dense.ntotal == n == manifest.passages):
        raise IndexMismatchError(
            index_dir,
            f"its parts disagree: {n} passages, {vectors.shape[0]} vectors, "
            f"{dense.ntotal} in FAISS, manifest says {manifest.passages}",
        )
    ratings, recommendations = _load_ratings(index_dir, vdir)
    return IndexData(
        manifest, passages, vectors, dense, keyword, vdir, ratings, recommendations, columns, vector_rows
    )


def _load_ratings(index_dir: Path, vdir: Path) -> tuple[list[Rating], list[Recommendation]]:
    """ratings.json of a version; a version written before it existed has none."""
    path = vdir / RATINGS_FILE
    if not path.exists():
        return [], []
    try:
        data = json.loads(path.read_text("utf-8"))
        return (
            [Rating.model_validate(r) for r in data["ratings"]],
            [Recommendation.model_validate(r) for r in data["recommendations"]],
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexMismatchError(index_dir, f"{RATINGS_FILE} is unreadable ({exc})") from exc


def write(
    index_dir: Path,
    *,
    documents: list[Document],
    passages: Sequence[Passage],
    vectors: np.ndarray,
    keyword_texts: list[str],
    model: str,
    dimension: int,
    fingerprint: str,
    ratings: list[Rating] | None = None,
    recommendations: list[Recommendation] | None = None,
) -> str:
    """Write a new version beside the live one, then switch CURRENT to it atomically."""
    if vectors.shape != (len(passages), dimension):
        raise ValueError(f"vectors {vectors.shape} do not match {len(passages)} x {dimension}")
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    versions = index_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    tmp = versions / f".tmp-{version}"
    tmp.mkdir()
    try:
        write_passages(tmp, passages)
        RowColumns.of(passages).save(tmp)
        np.save(tmp / "vectors.npy", np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        dense = faiss.IndexFlatIP(dimension)
        if len(passages):
            dense.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        keyword = bm25s.BM25()
        keyword.index(keyword_tokens(keyword_texts) or [[""]], show_progress=False)
        keyword.save(str(tmp / "bm25"), allow_pickle=False, show_progress=False)
        extracted = {
            "ratings": [r.model_dump(mode="json") for r in ratings or []],
            "recommendations": [r.model_dump(mode="json") for r in recommendations or []],
        }
        (tmp / RATINGS_FILE).write_text(json.dumps(extracted, indent=1, ensure_ascii=False), "utf-8")
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            version=version,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            model=model,
            dimension=dimension,
            model_fingerprint=fingerprint,
            documents=documents,
            passages=len(passages),
        )
        # The manifest goes last: a version folder without one was never finished.
        (tmp / "manifest.json").write_text(json.dumps(manifest.to_json(), indent=2), "utf-8")
        _fsync_tree(tmp)
        final = versions / version
        os.rename(tmp, final)
        previous = current_version(index_dir)
        _replace_text(index_dir / "CURRENT", version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _collect_garbage(index_dir, keep={version, previous or version})
    return version


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_tree(root: Path) -> None:
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_unfinished(index_dir: Path) -> None:
    """Delete version folders that a killed writer left half-written. Call under the writer lock."""
    versions = index_dir / "versions"
    if versions.is_dir():
        for p in versions.iterdir():
            if p.name.startswith(".tmp-"):
                shutil.rmtree(p, ignore_errors=True)


def _collect_garbage(index_dir: Path, keep: set[str]) -> None:
    """Delete unfinished folders and every version but the live one and the one live before it.

    Called under the writer lock, so no other writer's temporary folder can be in progress.
    """
    versions = index_dir / "versions"
    for p in versions.iterdir():
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


def _row_problems(data: IndexData, lines: PassageTable, passages: list[Passage]) -> list[str]:
    """Whether the offsets and columns readers use agree with the lines of passages.jsonl."""
    problems: list[str] = []
    table = data.passages
    if not (np.array_equal(table.starts, lines.starts) and np.array_equal(table.ends, lines.ends)):
        problems.append("passages.offsets.npy does not point at the lines of passages.jsonl")
    if data.columns is not None and not data.columns.same_as(RowColumns.of(passages)):
        problems.append("columns.npy / columns.json do not hold the passages' documents and tags")
    return problems


def verify(index_dir: Path) -> VerifyReport:
    """Check the live version: manifest, passages, vectors, FAISS and BM25 all agree."""
    version = current_version(index_dir)
    report = VerifyReport(index_dir=str(index_dir), version=version, ok=False)
    try:
        data = load(index_dir)
    except (IndexNotFoundError, IndexMismatchError) as exc:
        report.problems.append(str(exc))
        return report
    problems = report.problems
    m = data.manifest
    try:
        lines = data.passages.rescanned()  # every line, found without the offsets file
        passages = list(lines)
    except (OSError, ValueError, IndexMismatchError) as exc:
        report.problems.append(f"{PASSAGES_FILE} is damaged ({exc})")
        return report
    report.documents, report.passages = len(m.documents), len(passages)
    problems.extend(_row_problems(data, lines, passages))
    counts: dict[str, int] = {}
    for p in passages:
        counts[p.document] = counts.get(p.document, 0) + 1
        if any(not (0 <= s.start < s.end <= len(p.text)) for s in p.sentences):
            problems.append(f"passage {p.id} has sentence offsets outside its text")
    if len({p.id for p in passages}) != len(passages):
        problems.append("passage ids are not unique")
    for d in m.documents:
        if counts.pop(d.document, 0) != d.passages:
            problems.append(
                f"{d.document}: manifest says {d.passages} passages, the store has another number"
            )
    for name in counts:
        problems.append(f"passages of {name}, which the manifest does not list")
    vectors = np.asarray(data.vectors, dtype=np.float32)
    if vectors.size and not np.isfinite(vectors).all():
        problems.append("vectors.npy holds NaN or infinite values")
    elif vectors.size and np.abs(np.linalg.norm(vectors, axis=1) - 1).max() > 1e-3:
        problems.append("vectors.npy holds vectors that are not unit length")
    if data.dense.ntotal and not np.allclose(
        data.dense.reconstruct_n(0, data.dense.ntotal), vectors, atol=1e-6
    ):
        problems.append("the FAISS index and vectors.npy hold different vectors")
    if int(data.keyword.scores["num_docs"]) != len(passages):
        problems.append(
            f"the BM25 index has {data.keyword.scores['num_docs']} documents, not {len(passages)}"
        )
    report.ok = not problems
    return report
