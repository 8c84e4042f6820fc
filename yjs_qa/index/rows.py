"""Passages on disk, read a row at a time: a lazy table over passages.jsonl, and single matrix rows.

A reader answering a question touches only the rows it returns, so opening an index parses no
passage: `PassageTable` reads row i of passages.jsonl through a byte-offset array written beside it
(passages.offsets.npy), and `VectorRows` reads single rows of vectors.npy. Per-row columns are in
yjs_qa.index.row_codes, stored sentence vectors in yjs_qa.index.sentence_vectors. No pickle: arrays load with
allow_pickle=False.
"""

from __future__ import annotations

import copy
import mmap
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from yjs_qa.errors import IndexMismatchError
from yjs_qa.models import Passage

PASSAGES_FILE = "passages.jsonl"
OFFSETS_FILE = "passages.offsets.npy"
CACHE_ROWS = 256  # parsed passages kept per table: a question reads a few dozen at most


class RowsError(ValueError):
    """A passages, offsets or columns file that does not fit its version."""


def write_passages(vdir: Path, passages: Iterable[Passage]) -> np.ndarray:
    """passages.jsonl (one passage per line, in row order) and passages.offsets.npy; returns offsets.

    offsets[i] is the byte where row i's line starts; offsets[-1] is the file's length.
    """
    offsets = [0]
    with (vdir / PASSAGES_FILE).open("wb") as f:
        for p in passages:
            line = p.model_dump_json().encode("utf-8") + b"\n"
            f.write(line)
            offsets.append(offsets[-1] + len(line))
    array = np.asarray(offsets, dtype=np.int64)
    np.save(vdir / OFFSETS_FILE, array, allow_pickle=False)
    return array


def scan_offsets(read: Callable[[int, int], bytes], size: int, chunk: int = 1 << 23) -> np.ndarray:
    """(start, end) byte pairs of the rows of a JSON-lines file, found by looking for newlines.

    What verify checks the offsets file against; `read(n, offset)` reads the file in chunks, so the
    scan holds one chunk at a time. Blank lines are not rows.
    """
    found = []
    for at in range(0, size, chunk):
        raw = np.frombuffer(read(min(chunk, size - at), at), dtype=np.uint8)
        found.append(np.flatnonzero(raw == ord("\n")).astype(np.int64) + at + 1)
    ends = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    if size and (not len(ends) or ends[-1] != size):
        ends = np.append(ends, size)  # a last line without its newline
    starts = np.concatenate(([0], ends[:-1])).astype(np.int64) if len(ends) else ends
    short = np.flatnonzero(ends - starts <= 8)  # only a short line can be blank
    blank = [i for i in short if not read(int(ends[i] - starts[i]), int(starts[i])).strip()]
    keep = np.setdiff1d(np.arange(len(starts)), np.asarray(blank, dtype=np.int64))
    return np.stack([starts[keep], ends[keep]], axis=1).astype(np.int64).reshape(-1, 2)


def pread_exactly(fd: int, n: int, offset: int) -> bytes:
    """`n` bytes of `fd` from `offset` (pread may return fewer than asked for); EOFError if the file
    ends first."""
    data = os.pread(fd, n, offset) if n else b""
    while len(data) < n:
        more = os.pread(fd, n - len(data), offset + len(data))
        if not more:
            raise EOFError(f"{n} bytes at {offset} asked for, the file ends after {len(data)}")
        data += more
    return data


class PassageTable(Sequence[Passage]):
    """The passages of one version, in row order, parsed from passages.jsonl only when asked for.

    Read-only. Row lookups read one line with pread and parse it (cached, `CACHE_ROWS`); iteration
    reads in blocks and parses every row in order without filling the cache. Rows are read, not
    memory-mapped: on this kernel a fault on a mapped file maps a whole large folio (hundreds of
    KB), so a few dozen scattered rows per question would pull most of the file into the process.
    The file stays open, so a writer may delete the version's folder while this table is in use.
    """

    def __init__(self, path: Path, offsets: np.ndarray | None = None, index_dir: Path | None = None) -> None:
        self.path = path
        self.index_dir = index_dir or path.parent.parent.parent  # <index>/versions/<version>/
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        self._fd = fd
        self._closer = weakref.finalize(self, os.close, fd)
        self.size = size = os.fstat(fd).st_size
        if offsets is None:
            offsets = scan_offsets(self._read, size)
        offsets = np.asarray(offsets, dtype=np.int64)
        if offsets.ndim == 1:
            if offsets.size < 1 or offsets[0] != 0 or offsets[-1] != size or (np.diff(offsets) <= 0).any():
                raise RowsError(f"{OFFSETS_FILE} does not fit {path.name} ({size} bytes)")
            self.starts, self.ends = offsets[:-1], offsets[1:]
        else:  # explicit (start, end) pairs, from a scan that met blank lines
            self.starts, self.ends = offsets[:, 0], offsets[:, 1]
        self._cache: OrderedDict[int, Passage] = OrderedDict()
        self._lock = threading.Lock()
        self._owner: PassageTable | None = None

    def _read(self, n: int, offset: int) -> bytes:
        try:
            return pread_exactly(self._fd, n, offset)
        except EOFError:
            raise self._damaged(f"{self.path.name} is shorter than its offsets say") from None

    def __len__(self) -> int:
        return len(self.starts)

    def rescanned(self) -> PassageTable:
        """The same file with its rows found afresh by a scan for newlines, not through the offsets
        (for verify). Reads through this table's open file, so it sees the same version."""
        rows = scan_offsets(self._read, self.size)
        view = copy.copy(self)  # shares the file; `self` is kept alive, and closes it, through _owner
        view._owner = self
        view.starts, view.ends = rows[:, 0], rows[:, 1]
        view._cache = OrderedDict()
        view._lock = threading.Lock()
        return view

    def line(self, row: int) -> bytes:
        """Row `row` as stored: one JSON object (its newline stripped)."""
        start, end = int(self.starts[row]), int(self.ends[row])
        return self._read(end - start, start).rstrip(b"\r\n")

    def _lines(self, block: int = 1 << 20) -> Iterator[tuple[int, bytes]]:
        """Every row in order, read a block of rows at a time."""
        row, n = 0, len(self)
        while row < n:
            first, start = row, int(self.starts[row])
            while row < n and (row == first or int(self.ends[row]) - start <= block):
                row += 1
            buf = self._read(int(self.ends[row - 1]) - start, start)
            for i in range(first, row):
                yield i, buf[int(self.starts[i]) - start : int(self.ends[i]) - start].rstrip(b"\r\n")

    def _parse(self, row: int, line: bytes | None = None) -> Passage:
        try:
            return Passage.model_validate_json(self.line(row) if line is None else line)
        except ValueError as exc:
            raise self._damaged(f"row {row} of {self.path.name} is not a passage ({exc})") from exc

    def _damaged(self, problem: str) -> IndexMismatchError:
        """A row that cannot be read: the index is damaged, as if opening had found it."""
        return IndexMismatchError(self.index_dir, f"version {self.path.parent.name} is damaged: {problem}")

    @overload
    def __getitem__(self, index: int) -> Passage: ...

    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...

    def __getitem__(self, index: int | slice) -> Passage | list[Passage]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = int(index)
        n = len(self)
        if row < 0:
            row += n
        if not 0 <= row < n:
            raise IndexError(f"passage row {index} out of range ({n} rows)")
        with self._lock:
            cached = self._cache.get(row)
            if cached is not None:
                self._cache.move_to_end(row)
                return cached
        passage = self._parse(row)
        with self._lock:
            self._cache[row] = passage
            if len(self._cache) > CACHE_ROWS:
                self._cache.popitem(last=False)
        return passage

    def __iter__(self) -> Iterator[Passage]:
        for row, line in self._lines():
            cached = self._cache.get(row)
            yield cached if cached is not None else self._parse(row, line)

    def __repr__(self) -> str:
        return f"PassageTable({self.path}, {len(self)} rows)"


class VectorRows:
    """Single rows (or runs of rows) of a saved matrix, read with pread, not through a mapping.

    vectors.npy stays memory-mapped for whole-matrix work (updates, verify) and this reads its rows
    for questions: a question needs the vectors of a dozen rows, and a fault on the mapping would
    bring in a large folio around each. Without `array`, the .npy header is parsed from the file
    itself (nothing is mapped), and a file shorter or longer than its header says is refused.
    """

    def __init__(self, path: Path, array: np.memmap | None = None) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        self._fd = fd
        self._closer = weakref.finalize(self, os.close, fd)
        self.path = path
        if array is None:
            shape, dtype, offset = npy_layout(path)
            row_bytes = (shape[1] if len(shape) == 2 else 0) * dtype.itemsize
            if len(shape) == 2 and os.fstat(fd).st_size != offset + shape[0] * row_bytes:
                raise RowsError(
                    f"{path.name} is {os.fstat(fd).st_size} bytes, its header says "
                    f"{offset + shape[0] * row_bytes} (truncated or damaged)"
                )
        else:
            if not array.flags.c_contiguous:
                raise RowsError(f"{path.name} is not a C-ordered matrix")
            shape, dtype, offset = tuple(array.shape), array.dtype, int(array.offset)
        if len(shape) != 2:
            raise RowsError(f"{path.name} is not a matrix (shape {shape})")
        self.dtype = dtype
        self.shape: tuple[int, int] = (int(shape[0]), int(shape[1]))
        self._offset = offset
        self._row_bytes = self.shape[1] * dtype.itemsize

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, row: int) -> np.ndarray:
        row = int(row)
        if not 0 <= row < self.shape[0]:
            raise IndexError(f"vector row {row} out of range ({self.shape[0]} rows)")
        vector: np.ndarray = self.block(row, row + 1)[0]
        return vector

    def mapped(self) -> np.ndarray:
        """The whole matrix, memory-mapped through the open file (so it is the version this reader
        opened, even if a writer has deleted its folder since): for whole-matrix work only."""
        rows, columns = self.shape
        buffer = mmap.mmap(self._fd, 0, access=mmap.ACCESS_READ)
        count = rows * columns
        matrix: np.ndarray = np.frombuffer(buffer, dtype=self.dtype, count=count, offset=self._offset)
        return matrix.reshape(rows, columns)

    def block(self, start: int, stop: int) -> np.ndarray:
        """Rows [start, stop) as one [stop - start, columns] array, in one read."""
        if not 0 <= start <= stop <= self.shape[0]:
            raise IndexError(f"vector rows {start}:{stop} out of range ({self.shape[0]} rows)")
        try:
            data = pread_exactly(
                self._fd, (stop - start) * self._row_bytes, self._offset + start * self._row_bytes
            )
        except EOFError:
            raise RowsError(f"{self.path.name} is shorter than its header says") from None
        return np.frombuffer(data, dtype=self.dtype).reshape(stop - start, self.shape[1])


def npy_layout(path: Path) -> tuple[tuple[int, ...], np.dtype[np.generic], int]:
    """Shape, dtype and data offset of a C-ordered .npy file, read from its header alone.

    Refuses object dtypes (which would need pickle) and Fortran order. RowsError if unreadable.
    """
    fmt = np.lib.format
    try:
        with path.open("rb") as f:
            version = fmt.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = fmt.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran, dtype = fmt.read_array_header_2_0(f)
            else:
                raise RowsError(f"{path.name} has .npy format version {version}, not 1.0 or 2.0")
            offset = f.tell()
    except (ValueError, EOFError) as exc:  # not a .npy file, or a damaged header
        raise RowsError(f"{path.name} is not a readable .npy file ({exc})") from exc
    if dtype.hasobject:
        raise RowsError(f"{path.name} holds Python objects; it would need pickle to read")
    if fortran:
        raise RowsError(f"{path.name} is not a C-ordered matrix")
    return tuple(int(x) for x in shape), dtype, offset


def load_passages(vdir: Path, index_dir: Path | None = None) -> PassageTable:
    """The lazy table of a version, through its offsets file."""
    offsets = np.load(vdir / OFFSETS_FILE, allow_pickle=False)
    if offsets.ndim != 1 or offsets.dtype.kind not in "iu":
        raise RowsError(f"{OFFSETS_FILE} is not a vector of integers")
    return PassageTable(vdir / PASSAGES_FILE, offsets, index_dir)
