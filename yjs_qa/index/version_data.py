"""One version folder, opened: `IndexData`, everything a reader needs, checked to agree."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import faiss
import numpy as np

from yjs_qa.errors import IndexMismatchError
from yjs_qa.index.dense_build import DENSE_FILE, DENSE_INDEX_FILE, DenseSpec, expected_type, load_dense
from yjs_qa.index.manifest import MANIFEST_FILE, Manifest, format_problem
from yjs_qa.index.row_codes import COLUMN_VALUES_FILE, COLUMNS_FILE, RowCodes
from yjs_qa.index.rows import OFFSETS_FILE, PASSAGES_FILE, PassageTable, VectorRows, load_passages
from yjs_qa.index.sentence_vectors import SENTENCE_OFFSETS_FILE, SENTENCES_FILE, SentenceVectors
from yjs_qa.models import Rating, RatingCount, Recommendation

VECTORS_FILE = "vectors.npy"
KEYWORD_DIR = "bm25"
RATINGS_FILE = "ratings.json"
# What every version holds (bm25/ besides), and what one with sentence vectors adds.
REQUIRED_FILES = (
    MANIFEST_FILE,
    PASSAGES_FILE,
    OFFSETS_FILE,
    COLUMNS_FILE,
    COLUMN_VALUES_FILE,
    VECTORS_FILE,
    DENSE_INDEX_FILE,
    DENSE_FILE,
    RATINGS_FILE,
)
SENTENCE_FILES = (SENTENCES_FILE, SENTENCE_OFFSETS_FILE)


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
    columns: RowCodes | None = None  # always loaded from a version; see columns_of()
    vector_rows: VectorRows | None = None  # single rows of vectors.npy; see vector()
    dense_spec: DenseSpec = field(default_factory=DenseSpec)
    # Each passage's stored sentence vectors; None when the version has none (manifest says off).
    sentence_vectors: SentenceVectors | None = None
    rating_counts: list[RatingCount] = field(default_factory=list)
    # Every rating statement read, as stored (RatingStatement dumps): validated only when explained.
    rating_statements: list[dict[str, object]] = field(default_factory=list)

    def vector(self, row: int) -> np.ndarray:
        """The vector of one row, read without faulting vectors.npy's mapping in."""
        if self.vector_rows is not None:
            return self.vector_rows[row]
        return np.asarray(self.vectors[row])

    def columns_of(self) -> RowCodes:
        """Each row's document, domain, standard and section kind (parsed once if built in memory)."""
        if self.columns is None:
            self.columns = RowCodes.of(self.passages)
        return self.columns


def unlisted(manifest: Manifest) -> list[str]:
    """Files a version of this manifest must hold that its file list leaves out."""
    listed = set(manifest.files)
    needed = [*REQUIRED_FILES, *(SENTENCE_FILES if manifest.sentence_vectors else ())]
    missing = [name for name in needed if name not in listed]
    if not any(name.startswith(KEYWORD_DIR + "/") for name in listed):
        missing.append(KEYWORD_DIR + "/")
    return missing


def read_manifest(index_dir: Path, version: str) -> Manifest:
    """The manifest of a version; IndexMismatchError if it is missing, unreadable or another format."""
    path = index_dir / "versions" / version / MANIFEST_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise IndexMismatchError(index_dir, f"version {version} has no manifest") from exc
    except ValueError as exc:
        raise IndexMismatchError(index_dir, f"manifest is unreadable ({exc})") from exc
    # The format first: an older manifest lacks fields this one requires.
    problem = format_problem(data.get("format_version") if isinstance(data, dict) else None)
    if problem is not None:
        raise IndexMismatchError(index_dir, problem)
    try:
        manifest = Manifest.from_json(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexMismatchError(index_dir, f"manifest is unreadable ({exc})") from exc
    problem = format_problem(manifest.format_version)  # given as something that reads as a number
    if problem is not None:
        raise IndexMismatchError(index_dir, problem)
    missing = unlisted(manifest)
    if missing:
        raise IndexMismatchError(index_dir, f"its manifest does not list {', '.join(missing)}")
    return manifest


def open_version(index_dir: Path, version: str) -> IndexData:
    """Open one version of the index at `index_dir`, checking that its parts agree."""
    vdir = index_dir / "versions" / version
    manifest = read_manifest(index_dir, version)
    try:
        passages = load_passages(vdir, index_dir)
        columns = RowCodes.load(vdir, manifest.passages)
        vectors = np.load(vdir / VECTORS_FILE, allow_pickle=False, mmap_mode="r")
        vector_rows = VectorRows(vdir / VECTORS_FILE, vectors) if isinstance(vectors, np.memmap) else None
        dense, dense_spec = load_dense(vdir)
        keyword = bm25s.BM25.load(str(vdir / KEYWORD_DIR), mmap=True, allow_pickle=False, show_progress=False)
        sentences = (
            SentenceVectors(vdir, manifest.passages, manifest.dimension, index_dir)
            if manifest.sentence_vectors
            else None
        )
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:  # RowsError is a ValueError
        raise IndexMismatchError(index_dir, f"a file of version {version} is damaged ({exc})") from exc
    if not isinstance(dense, expected_type(dense_spec)):
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
    ratings, recommendations, counts, statements = _load_ratings(index_dir, vdir)
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
        rating_counts=counts,
        rating_statements=statements,
    )


def _load_ratings(
    index_dir: Path, vdir: Path
) -> tuple[list[Rating], list[Recommendation], list[RatingCount], list[dict[str, object]]]:
    """ratings.json of a version: the ratings, recommendations, summary counts and rating
    statements its documents state (a version written before counts or statements were kept has none)."""
    try:
        data = json.loads((vdir / RATINGS_FILE).read_text("utf-8"))
        return (
            [Rating.model_validate(r) for r in data["ratings"]],
            [Recommendation.model_validate(r) for r in data["recommendations"]],
            [RatingCount.model_validate(c) for c in data.get("rating_counts", [])],
            list(data.get("statements", [])),
        )
    except FileNotFoundError as exc:
        raise IndexMismatchError(index_dir, f"version {vdir.name} has no {RATINGS_FILE}") from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexMismatchError(index_dir, f"{RATINGS_FILE} is unreadable ({exc})") from exc
