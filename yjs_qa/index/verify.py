"""Check the live version of an index: its files are there, and every part agrees with the others."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

from yjs_qa.errors import IndexMismatchError, IndexNotFoundError
from yjs_qa.index.dense_build import DenseSpec
from yjs_qa.index.manifest import Manifest
from yjs_qa.index.row_codes import RowCodes
from yjs_qa.index.rows import PASSAGES_FILE, PassageTable
from yjs_qa.index.sentence_vectors import SENTENCE_DTYPE, SENTENCES_FILE, SentenceVectors, sentence_offsets
from yjs_qa.index.store import current_version, load
from yjs_qa.index.version_data import IndexData
from yjs_qa.models import Passage, VerifyReport
from yjs_qa.settings import SETTINGS


def _missing(vdir: Path, manifest: Manifest) -> list[str]:
    """Files the manifest lists that the version folder does not hold."""
    return [name for name in manifest.files if not (vdir / name).is_file()]


def _row_problems(data: IndexData, lines: PassageTable, passages: list[Passage]) -> list[str]:
    """Whether the offsets and columns readers use agree with the lines of passages.jsonl."""
    problems: list[str] = []
    table = data.passages
    if not (np.array_equal(table.starts, lines.starts) and np.array_equal(table.ends, lines.ends)):
        problems.append("passages.offsets.npy does not point at the lines of passages.jsonl")
    if data.columns is not None and not data.columns.same_as(RowCodes.of(passages)):
        problems.append("columns.npy / columns.json do not hold the passages' documents and tags")
    return problems


def verify(index_dir: Path) -> VerifyReport:
    """Check the live version: every file the manifest lists is there, and manifest, passages,
    vectors, FAISS and BM25 all agree."""
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
    problems.extend(f"{name} is listed in the manifest but missing" for name in _missing(data.path, m))
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
    sample = min(n, SETTINGS.index.verify_sample)
    rows = np.unique(np.r_[np.linspace(0, n - 1, sample).astype(np.int64), n - 1])
    stored = np.stack([dense.reconstruct(int(r)) for r in rows])
    return bool(np.allclose(stored, np.asarray(vectors[rows], dtype=np.float32), atol=1e-6))
