"""Stored sentence vectors: one float16 row per sentence span of every passage, read by passage."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from yjs_qa.errors import IndexMismatchError
from yjs_qa.index.rows import RowsError, VectorRows
from yjs_qa.models import Passage

SENTENCES_FILE = "sentences.npy"
SENTENCE_OFFSETS_FILE = "sentences.offsets.npy"
# Half precision: half the disk and page cache of float32; the cosine error (~1e-3 at most, measured
# on the shipped corpus) is far below the gaps sentence re-ranking decides on.
SENTENCE_DTYPE = np.float16


class SentenceVectors:
    """The stored vector of every sentence span of every passage (sentences.npy, float16), by row.

    Passage row i's sentences are rows [offsets[i], offsets[i + 1]) of sentences.npy, one per span
    in `Passage.sentences`, in span order (sentences.offsets.npy, int64 [passages + 1]). A question
    reads the few rows of its pooled passages with pread; updates and verify map the whole matrix.
    """

    def __init__(self, vdir: Path, passages: int, dimension: int, index_dir: Path | None = None) -> None:
        self.path = vdir / SENTENCES_FILE
        self.index_dir = index_dir or vdir.parent.parent
        offsets = np.load(vdir / SENTENCE_OFFSETS_FILE, allow_pickle=False)
        if offsets.ndim != 1 or offsets.dtype.kind not in "iu" or offsets.shape[0] != passages + 1:
            raise RowsError(
                f"{SENTENCE_OFFSETS_FILE} is {offsets.dtype} {offsets.shape}, not int [{passages + 1}]"
            )
        offsets = offsets.astype(np.int64, copy=False)
        if offsets[0] != 0 or (np.diff(offsets) < 0).any():
            raise RowsError(f"{SENTENCE_OFFSETS_FILE} does not start at 0 and never decrease")
        self.offsets = offsets
        self.rows = VectorRows(self.path)
        if self.rows.dtype != SENTENCE_DTYPE:
            raise RowsError(f"{SENTENCES_FILE} is {self.rows.dtype}, not {np.dtype(SENTENCE_DTYPE)}")
        if self.rows.shape != (int(offsets[-1]), dimension):
            raise RowsError(
                f"{SENTENCES_FILE} is {list(self.rows.shape)}, its offsets and the model say "
                f"[{int(offsets[-1])}, {dimension}]"
            )

    def __len__(self) -> int:
        """Passages (not sentences) covered."""
        return len(self.offsets) - 1

    @property
    def total(self) -> int:
        """Sentence rows stored."""
        return int(self.offsets[-1])

    def of(self, row: int, sentences: int) -> np.ndarray:
        """float32 [sentences, dimension]: the vectors of passage row `row`'s sentence spans.

        `sentences` is how many spans the passage has; a store that disagrees is damaged.
        """
        start, stop = int(self.offsets[row]), int(self.offsets[row + 1])
        if stop - start != sentences:
            raise self._damaged(
                f"passage row {row} has {stop - start} sentence vectors in {SENTENCES_FILE}, "
                f"but {sentences} sentences"
            )
        try:
            block = self.rows.block(start, stop)
        except RowsError as exc:
            raise self._damaged(str(exc)) from exc
        return block.astype(np.float32)

    def matrix(self) -> np.ndarray:
        """The whole matrix, memory-mapped (for updates and verify, not for questions)."""
        return self.rows.mapped()

    def _damaged(self, problem: str) -> IndexMismatchError:
        return IndexMismatchError(self.index_dir, f"version {self.path.parent.name} is damaged: {problem}")


def sentence_offsets(passages: Iterable[Passage]) -> np.ndarray:
    """int64 [passages + 1]: where each passage's sentence rows start, then the total."""
    counts = np.fromiter((len(p.sentences) for p in passages), dtype=np.int64)
    return np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def write_sentences(vdir: Path, vectors: np.ndarray, offsets: np.ndarray) -> None:
    """sentences.npy (float16, C order) and sentences.offsets.npy (int64), no pickle."""
    np.save(vdir / SENTENCES_FILE, np.ascontiguousarray(vectors, dtype=SENTENCE_DTYPE), allow_pickle=False)
    np.save(vdir / SENTENCE_OFFSETS_FILE, np.asarray(offsets, dtype=np.int64), allow_pickle=False)
