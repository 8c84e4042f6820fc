"""Building dense.faiss: exact (flat) below a size threshold, an HNSW graph from it up, and dense.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from yjs_qa.settings import SETTINGS

DENSE_INDEX_FILE = "dense.faiss"
DENSE_FILE = "dense.json"


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
    """Exact below the threshold (default SETTINGS.index.ann_threshold, read at call time), HNSW
    from it up."""
    index = SETTINGS.index
    if passages < (index.ann_threshold if threshold is None else threshold):
        return DenseSpec()
    return DenseSpec("hnsw", index.hnsw_m, index.hnsw_ef_construction, index.hnsw_ef_search)


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


def extend_dense(
    base_dir: Path, base_spec: DenseSpec, base_vectors: np.ndarray, vectors: np.ndarray, spec: DenseSpec
) -> faiss.Index | None:
    """The HNSW index of the version at `base_dir` with the rows of `vectors` past its own added, if
    `vectors` starts with exactly that version's vectors; None when the index must be built afresh."""
    if not spec.approximate or base_spec != spec:
        return None
    old = len(base_vectors)
    if not 0 < old <= len(vectors) or not np.array_equal(base_vectors, vectors[:old]):
        return None
    index = faiss.read_index(str(base_dir / DENSE_INDEX_FILE))  # not mapped: it is about to grow
    if old < len(vectors):
        index.add(np.ascontiguousarray(vectors[old:], dtype=np.float32))
    return index


def expected_type(spec: DenseSpec) -> type:
    """The FAISS class dense.faiss must be for `spec`."""
    return faiss.IndexHNSWFlat if spec.kind == "hnsw" else faiss.IndexFlatIP


def save_dense(vdir: Path, index: faiss.Index, spec: DenseSpec) -> None:
    """dense.faiss and dense.json into a version folder."""
    faiss.write_index(index, str(vdir / DENSE_INDEX_FILE))
    (vdir / DENSE_FILE).write_text(json.dumps(spec.to_json()), "utf-8")


def load_dense(vdir: Path) -> tuple[faiss.Index, DenseSpec]:
    """dense.faiss, mapped, and the kind dense.json records for it."""
    spec = DenseSpec.from_json(json.loads((vdir / DENSE_FILE).read_text("utf-8")))
    # Mapped, not copied: a version's files never change, and the vectors stay in the page cache.
    # (For HNSW this maps the stored vectors; the graph itself is read into memory.)
    index = faiss.read_index(str(vdir / DENSE_INDEX_FILE), getattr(faiss, "IO_FLAG_MMAP_IFC", 0))
    return index, spec
