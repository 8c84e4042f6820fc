"""Library objects shared safely between request threads.

A Library object is not meant to be used by two threads at once (a question may switch it to a
newly published version half-way through another question). So each question checks one reader
out of a small pool for its duration; all readers share one embedder. Adds run on a writer of
their own, one at a time, so questions keep being answered from the current version while an add
embeds, and pick up the new version as soon as it is published (Library.refresh).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from yjs_qa import Library, Passage


class WriterBusy(Exception):
    """An add is already running in this server."""


@dataclass
class AddProgress:
    """What the running add has done, for the page's progress bar."""

    running: bool = False
    files: int = 0
    done: int = 0
    total: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict[str, int | bool]:
        with self.lock:
            return {"running": self.running, "files": self.files, "done": self.done, "total": self.total}

    def update(self, **values: int | bool) -> None:
        with self.lock:
            for k, v in values.items():
                setattr(self, k, v)


class Libraries:
    """A pool of reader Libraries on one index, and one writer Library for adds."""

    def __init__(self, first: Library, readers: int = 2) -> None:
        self.index_dir = first.index_dir
        self._embedder = first.embedder  # loaded now: the first question is not slowed by it
        self._reranker = first.reranker
        self._free: queue.Queue[Library] = queue.Queue()
        self._free.put(first)
        for _ in range(max(1, readers) - 1):
            self._free.put(self._open())
        self._writer: Library | None = None
        self._write_lock = threading.Lock()
        self.progress = AddProgress()
        self._cache_lock = threading.Lock()
        self._cache: dict[str, object] = {}

    def _open(self) -> Library:
        return Library.open(self.index_dir, embedder=self._embedder, reranker=self._reranker)

    @contextmanager
    def reader(self, *, refresh: bool = True) -> Iterator[Library]:
        """A Library for this thread alone, on the newest published version."""
        lib = self._free.get()
        try:
            if refresh:
                lib.refresh()
            yield lib
        finally:
            self._free.put(lib)

    @contextmanager
    def writer(self) -> Iterator[Library]:
        """The writer Library; WriterBusy if another add in this server holds it."""
        if not self._write_lock.acquire(blocking=False):
            raise WriterBusy("another add is running in this server; try again when it has finished")
        try:
            if self._writer is None:
                self._writer = self._open()
            self._writer.refresh()
            yield self._writer
        finally:
            self._write_lock.release()

    def per_version(self, key: str, lib: Library, make: Callable[[Library], object]) -> object:
        """A value derived from `lib`'s version, computed once per version (e.g. its filter values)."""
        name = f"{key}@{lib.version}"
        with self._cache_lock:
            if name in self._cache:
                return self._cache[name]
        value = make(lib)
        with self._cache_lock:
            # Keep the newest versions only: a long-running server sees many adds.
            for old in [k for k in self._cache if k.startswith(f"{key}@")]:
                del self._cache[old]
            self._cache[name] = value
        return value


def passages_by_document(lib: Library) -> dict[str, list[Passage]]:
    """Each document's passages in reading order."""
    out: dict[str, list[Passage]] = {}
    for p in lib.passages:
        out.setdefault(p.document, []).append(p)
    for ps in out.values():
        ps.sort(key=lambda p: p.ordinal)
    return out


def filter_values(lib: Library, grouped: dict[str, list[Passage]]) -> dict[str, list[str]]:
    """The services, domains and standards the index holds, for the question form (`grouped`:
    passages_by_document of the same version, so the passages are read once)."""
    docs = lib.documents
    passages = [p for ps in grouped.values() for p in ps]
    return {
        "service": sorted({d.service for d in docs if d.service}),
        "domain": sorted({p.domain for p in passages if p.domain}),
        "standard": sorted({s for p in passages if (s := p.standard)}, key=_standard_key),
    }


def _standard_key(label: str) -> tuple[int, ...]:
    code = label.split(" ", 1)[0]
    try:
        return tuple(int(x) for x in code.split("."))
    except ValueError:
        return (99,)
