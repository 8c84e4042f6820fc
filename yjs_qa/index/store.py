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
        dense.faiss           FAISS inner-product index over the same rows: exact (flat), or
                              HNSW from ANN_THRESHOLD passages up
        dense.json            which kind dense.faiss is, and its parameters (absent: flat)
        bm25/                 bm25s index (numpy arrays + JSON)
        ratings.json          ratings and recommendations the documents state (yjs_qa.ingest.extract.ratings)
        sentences.npy         float16 [sentences, dimension]: a vector for every sentence span of
                              every passage, in row then span order (only when the manifest's
                              sentence_vectors is true; see yjs_qa.index.rows.SentenceVectors)
        sentences.offsets.npy int64 [passages + 1]: where each passage's sentence rows start

Readers parse no passage on opening: passages are read a row at a time through the offsets, and
filters read the columns (yjs_qa.index.rows). A version written before those two files existed still
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

from yjs_qa.errors import IndexMismatchError, IndexNotFoundError
from yjs_qa.index.rows import (
    PASSAGES_FILE,
    SENTENCE_DTYPE,
    SENTENCES_FILE,
    PassageTable,
    RowColumns,
    SentenceVectors,
    VectorRows,
    load_passages,
    sentence_offsets,
    write_passages,
    write_sentences,
)
from yjs_qa.models import Document, Passage, Rating, Recommendation, VerifyReport

FORMAT_VERSION = 1
RATINGS_FILE = "ratings.json"
DENSE_FILE = "dense.json"
# From this many passages up, dense.faiss is an HNSW graph instead of an exact flat index. Measured
# with benchmarks/bench_ann.py (BENCHMARKS.md, "Approximate search"): one exact query costs about
# 0.06 ms per 1k passages on these cores (one thread; 2.8 ms at 50k, 6 ms at 100k, 60 ms at 1M), and
# at 50k it passes the cost of embedding the query (~3 ms), so above it exact search would at least
# double the floor of every question; HNSW stays under ~1 ms. Real inspection corpora (hundreds of
# reports of ~120 passages) stay below it, and exact.
ANN_THRESHOLD = 50_000
HNSW_M = 32  # graph degree
# Chosen on real-text vectors (24k passages): recall@10 against exact 0.987, recall@100 0.986, where
# efConstruction 40 gave 0.960 / 0.938 at a 2.4 x cheaper build.
HNSW_EF_CONSTRUCTION = 160
HNSW_EF_SEARCH = 256  # at search time; raised to the requested depth when that is larger
VERIFY_SAMPLE = 2_000  # rows of an HNSW index that verify compares with vectors.npy
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
    # Whether the version stores a vector for every sentence (sentences.npy); later builds, adds
    # and removes keep the setting. Absent from manifests written before it existed: off.
    sentence_vectors: bool = False

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
            "sentence_vectors": self.sentence_vectors,
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
            sentence_vectors=_flag(data.get("sentence_vectors", False)),
        )


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"sentence_vectors is {value!r}, not true or false")
    return value


@dataclass(frozen=True)
class DenseSpec:
    """What dense.faiss holds: "flat" (exact inner product) or "hnsw" (approximate, IndexHNSWFlat)."""

    kind: str = "flat"
    m: int = 0
    ef_construction: int = 0
    ef_search: int = 0

    @property
    def approximate(self) -> bool:
        return self.kind != "flat"

    def to_json(self) -> dict[str, Any]:
        if self.kind == "flat":
            return {"kind": "flat"}
        return {
            "kind": self.kind,
            "m": self.m,
            "ef_construction": self.ef_construction,
            "ef_search": self.ef_search,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DenseSpec:
        kind = str(data["kind"])
        if kind == "flat":
            return cls()
        if kind != "hnsw":
            raise ValueError(f"unknown dense index kind {kind!r}")
        return cls(kind, int(data["m"]), int(data["ef_construction"]), int(data["ef_search"]))


def dense_spec_for(passages: int, threshold: int | None = None) -> DenseSpec:
    """Exact below the threshold (default ANN_THRESHOLD, read at call time), HNSW from it up."""
    if passages < (ANN_THRESHOLD if threshold is None else threshold):
        return DenseSpec()
    return DenseSpec("hnsw", HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH)


def build_dense(vectors: np.ndarray, spec: DenseSpec) -> faiss.Index:
    """The FAISS index of `spec` over unit `vectors` (inner product = cosine)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dimension = vectors.shape[1]
    index: faiss.Index
    if spec.kind == "flat":
        index = faiss.IndexFlatIP(dimension)
    elif spec.kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, spec.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = spec.ef_construction
        index.hnsw.efSearch = spec.ef_search
    else:
        raise ValueError(f"unknown dense index kind {spec.kind!r}")
    if len(vectors):
        index.add(vectors)
    return index


def _extend(base: IndexData | None, vectors: np.ndarray, spec: DenseSpec) -> faiss.Index | None:
    """`base`'s HNSW index with the rows of `vectors` past its own added, if `vectors` starts with
    exactly the base's vectors; None when the index must be built afresh."""
    if base is None or not spec.approximate or base.dense_spec != spec:
        return None
    old = base.dense.ntotal
    if not 0 < old <= len(vectors) or not np.array_equal(base.vectors, vectors[:old]):
        return None
    index = faiss.read_index(str(base.path / "dense.faiss"))  # not mapped: it is about to grow
    if old < len(vectors):
        index.add(np.ascontiguousarray(vectors[old:], dtype=np.float32))
    return index


def _expected_type(spec: DenseSpec) -> type:
    return faiss.IndexHNSWFlat if spec.kind == "hnsw" else faiss.IndexFlatIP


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
    dense_spec: DenseSpec = field(default_factory=DenseSpec)
    # Each passage's stored sentence vectors; None when the version has none (manifest says off).
    sentence_vectors: SentenceVectors | None = None

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
        dense_spec = _load_dense_spec(vdir)
        # Mapped, not copied: a version's files never change, and the vectors stay in the page cache.
        # (For HNSW this maps the stored vectors; the graph itself is read into memory.)
        dense = faiss.read_index(str(vdir / "dense.faiss"), getattr(faiss, "IO_FLAG_MMAP_IFC", 0))
        keyword = bm25s.BM25.load(str(vdir / "bm25"), mmap=True, allow_pickle=False, show_progress=False)
        sentences = (
            SentenceVectors(vdir, manifest.passages, manifest.dimension, index_dir)
            if manifest.sentence_vectors
            else None
        )
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:  # RowsError is a ValueError
        raise IndexMismatchError(index_dir, f"a file of version {version} is damaged ({exc})") from exc
    if not isinstance(dense, _expected_type(dense_spec)):
        raise IndexMismatchError(
            index_dir, f"dense.faiss is a {type(dense).__name__}, {DENSE_FILE} says {dense_spec.kind}"
        )
    n = len(passages)
    if not (vectors.shape[0] == dense.ntotal == n == manifest.passages):
        raise IndexMismatchError(
            index_dir,
            f"its parts disagree: {n} passages, {vectors.shape[0]} vectors, "
            f"{dense.ntotal} in FAISS, manifest says {manifest.passages}",
        )
    ratings, recommendations = _load_ratings(index_dir, vdir)
    return IndexData(
        manifest,
        passages,
        vectors,
        dense,
        keyword,
        vdir,
        ratings,
        recommendations,
        columns,
        vector_rows,
        dense_spec=dense_spec,
        sentence_vectors=sentences,
    )


# A new index stores sentence vectors: questions then embed only themselves (warm ask 110 ms -> 9 ms
# on the shipped corpus), for builds that embed ~1.6 x as much (BENCHMARKS.md).
SENTENCE_VECTORS_BY_DEFAULT = True


def recorded_sentence_vectors(index_dir: Path) -> bool:
    """Whether the live version stores sentence vectors, from its manifest alone; the default for a
    new index when there is none, or its manifest cannot be read (a rebuild of a damaged index)."""
    version = current_version(index_dir)
    if version is None:
        return SENTENCE_VECTORS_BY_DEFAULT
    try:
        path = index_dir / "versions" / version / "manifest.json"
        return Manifest.from_json(json.loads(path.read_text("utf-8"))).sentence_vectors
    except (OSError, KeyError, ValueError, TypeError):
        return SENTENCE_VECTORS_BY_DEFAULT


def _load_dense_spec(vdir: Path) -> DenseSpec:
    """dense.json of a version; a version written before it existed holds a flat index."""
    path = vdir / DENSE_FILE
    if not path.exists():
        return DenseSpec()
    return DenseSpec.from_json(json.loads(path.read_text("utf-8")))


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
    ann_threshold: int | None = None,
    base: IndexData | None = None,
    sentence_vectors: np.ndarray | None = None,
) -> str:
    """Write a new version beside the live one, then switch CURRENT to it atomically.

    The dense index is exact below `ann_threshold` passages (default ANN_THRESHOLD) and HNSW from it up.
    When `base` (the live version) holds an HNSW index over the first rows of `vectors`, as after an
    add that removed nothing, its graph is copied and only the new rows are inserted.
    `sentence_vectors`, when given, holds one row per sentence span of `passages` (row, then span
    order); it is stored as float16 and the manifest records sentence vectors as on.
    """
    if vectors.shape != (len(passages), dimension):
        raise ValueError(f"vectors {vectors.shape} do not match {len(passages)} x {dimension}")
    offsets = sentence_offsets(passages) if sentence_vectors is not None else None
    if sentence_vectors is not None and offsets is not None:
        expected = (int(offsets[-1]), dimension)
        if sentence_vectors.shape != expected:
            raise ValueError(f"sentence vectors {sentence_vectors.shape} do not match {expected}")
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    versions = index_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    tmp = versions / f".tmp-{version}"
    tmp.mkdir()
    try:
        write_passages(tmp, passages)
        RowColumns.of(passages).save(tmp)
        np.save(tmp / "vectors.npy", np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        spec = dense_spec_for(len(passages), ann_threshold)
        dense = _extend(base, vectors, spec)
        if dense is None:
            dense = build_dense(vectors, spec)
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        del dense
        (tmp / DENSE_FILE).write_text(json.dumps(spec.to_json()), "utf-8")
        keyword = bm25s.BM25()
        keyword.index(keyword_tokens(keyword_texts) or [[""]], show_progress=False)
        keyword.save(str(tmp / "bm25"), allow_pickle=False, show_progress=False)
        extracted = {
            "ratings": [r.model_dump(mode="json") for r in ratings or []],
            "recommendations": [r.model_dump(mode="json") for r in recommendations or []],
        }
        (tmp / RATINGS_FILE).write_text(json.dumps(extracted, indent=1, ensure_ascii=False), "utf-8")
        if sentence_vectors is not None and offsets is not None:
            write_sentences(tmp, sentence_vectors, offsets)
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            version=version,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            model=model,
            dimension=dimension,
            model_fingerprint=fingerprint,
            documents=documents,
            passages=len(passages),
            sentence_vectors=sentence_vectors is not None,
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
    """Tidy what a killed writer left, so the folder holds at most the live version and the one
    before it. Call under the writer lock.

    A writer can die with a half-written folder (`.tmp-*`), with a finished version it never
    published (between renaming its folder and switching CURRENT), or after publishing but before
    collecting old versions. Version names start with their UTC time and each is published before
    the next is written, so a folder named after the live version was never live, and of those
    named before it only the newest can be the one live before it.
    """
    versions = index_dir / "versions"
    if not versions.is_dir():
        return
    live = current_version(index_dir)
    older = sorted(p.name for p in versions.iterdir() if live is not None and p.name < live)
    keep = {live, *older[-1:]}
    for p in versions.iterdir():
        if p.name.startswith(".tmp-") or (live is not None and p.name not in keep):
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
    if data.dense.ntotal and not _dense_matches(data.dense, data.dense_spec, data.vectors):
        problems.append("the FAISS index and vectors.npy hold different vectors")
    hnsw = getattr(data.dense, "hnsw", None)
    if hnsw is not None and hnsw.levels.size() != data.dense.ntotal:
        problems.append("the HNSW graph does not have one node per vector")
    if int(data.keyword.scores["num_docs"]) != len(passages):
        problems.append(
            f"the BM25 index has {data.keyword.scores['num_docs']} documents, not {len(passages)}"
        )
    if m.sentence_vectors:
        problems.extend(_sentence_problems(data.sentence_vectors, passages, m.dimension))
    report.ok = not problems
    return report


VERIFY_BLOCK = 1 << 16  # sentence rows checked at a time


def _sentence_problems(
    stored: SentenceVectors | None, passages: Sequence[Passage], dimension: int
) -> list[str]:
    """sentences.npy and its offsets against the passages: one float16 row per span, finite, unit."""
    if stored is None:
        return [f"the manifest says sentence vectors are on, but {SENTENCES_FILE} was not loaded"]
    problems: list[str] = []
    expected = sentence_offsets(passages)
    if not np.array_equal(stored.offsets, expected):
        problems.append(
            f"sentences.offsets.npy does not give each passage one row per sentence "
            f"({stored.total} rows stored, the passages have {int(expected[-1])} sentences)"
        )
    matrix = stored.matrix()
    if matrix.dtype != SENTENCE_DTYPE or matrix.shape != (stored.total, dimension):
        problems.append(f"{SENTENCES_FILE} is {matrix.dtype} {matrix.shape}")
        return problems
    for start in range(0, stored.total, VERIFY_BLOCK):
        block = np.asarray(matrix[start : start + VERIFY_BLOCK], dtype=np.float32)
        if not np.isfinite(block).all():
            problems.append(f"{SENTENCES_FILE} holds NaN or infinite values")
            break
        # float16 keeps ~3 significant digits: a stored unit vector's norm is within ~1e-3 of 1.
        # (A row of zeros is allowed: what an embedder may give a "sentence" with no word, a lone ".)
        norms = np.linalg.norm(block, axis=1)
        if len(block) and (np.abs(norms[norms > 0] - 1) > 1e-2).any():
            problems.append(f"{SENTENCES_FILE} holds vectors that are not unit length")
            break
    return problems


def _dense_matches(dense: faiss.Index, spec: DenseSpec, vectors: np.ndarray) -> bool:
    """The dense index stores the same vectors as vectors.npy: all rows of a flat index; for HNSW
    (whose graph a rebuild would reproduce only at full build cost) an even sample plus the last row."""
    n = dense.ntotal
    if not spec.approximate:
        return bool(np.allclose(dense.reconstruct_n(0, n), vectors, atol=1e-6))
    rows = np.unique(np.r_[np.linspace(0, n - 1, min(n, VERIFY_SAMPLE)).astype(np.int64), n - 1])
    stored = np.stack([dense.reconstruct(int(r)) for r in rows])
    return bool(np.allclose(stored, np.asarray(vectors[rows], dtype=np.float32), atol=1e-6))
