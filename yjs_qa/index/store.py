"""The index folder on disk: versions written beside the live one, switched atomically. No pickle.

The layout, every file and the format versions are described in docs/index-format.md.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import bm25s
import numpy as np

from yjs_qa.errors import IndexMismatchError, IndexNotFoundError
from yjs_qa.index.dense_build import build_dense, dense_spec_for, extend_dense, save_dense
from yjs_qa.index.keyword import keyword_tokens
from yjs_qa.index.manifest import FORMAT_VERSION, MANIFEST_FILE, Manifest, list_files
from yjs_qa.index.row_codes import RowCodes
from yjs_qa.index.rows import write_passages
from yjs_qa.index.sentence_vectors import sentence_offsets, write_sentences
from yjs_qa.index.version_data import KEYWORD_DIR, RATINGS_FILE, VECTORS_FILE, IndexData, open_version
from yjs_qa.models import Document, IndexStatus, Passage, Rating, RatingCount, Recommendation


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
            return open_version(index_dir, version)
        except IndexMismatchError:
            if current_version(index_dir) == version:
                raise
    return open_version(index_dir, current_version(index_dir) or "")


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
        data = json.loads((index_dir / "versions" / version / MANIFEST_FILE).read_text("utf-8"))
        if isinstance(data["format_version"], int) and data["format_version"] < FORMAT_VERSION:
            # An older index about to be rebuilt keeps what it recorded (absent then meant off).
            value = data.get("sentence_vectors", False)
            return value if isinstance(value, bool) else SENTENCE_VECTORS_BY_DEFAULT
        return Manifest.from_json(data).sentence_vectors
    except (OSError, KeyError, ValueError, TypeError):
        return SENTENCE_VECTORS_BY_DEFAULT


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
    rating_counts: list[RatingCount] | None = None,
    rating_statements: list[dict[str, object]] | None = None,
    ann_threshold: int | None = None,
    base: IndexData | None = None,
    sentence_vectors: np.ndarray | None = None,
) -> str:
    """Write a new version beside the live one, then switch CURRENT to it atomically.

    The dense index is exact below `ann_threshold` passages (default SETTINGS.index.ann_threshold) and
    HNSW from it up.
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
        RowCodes.of(passages).save(tmp)
        np.save(tmp / VECTORS_FILE, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        spec = dense_spec_for(len(passages), ann_threshold)
        dense = None
        if base is not None:
            dense = extend_dense(base.path, base.dense_spec, base.vectors, vectors, spec)
        save_dense(tmp, build_dense(vectors, spec) if dense is None else dense, spec)
        del dense
        keyword = bm25s.BM25()
        keyword.index(keyword_tokens(keyword_texts) or [[""]], show_progress=False)
        keyword.save(str(tmp / KEYWORD_DIR), allow_pickle=False, show_progress=False)
        extracted = {
            "ratings": [r.model_dump(mode="json") for r in ratings or []],
            "recommendations": [r.model_dump(mode="json") for r in recommendations or []],
            "rating_counts": [c.model_dump(mode="json") for c in rating_counts or []],
            "statements": rating_statements or [],
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
            files=list_files(tmp),
        )
        # The manifest goes last: a version folder without one was never finished.
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest.to_json(), indent=2), "utf-8")
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


def status(index_dir: Path, m: Manifest) -> IndexStatus:
    """What the index holds, as its manifest says: documents, passages, model, when built."""
    return IndexStatus(
        index_dir=str(index_dir),
        version=m.version,
        format_version=m.format_version,
        model=m.model,
        dimension=m.dimension,
        built_at=m.built_at,
        documents=m.documents,
        passages=m.passages,
        sentence_vectors=m.sentence_vectors,
    )
