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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from yjs_qa import Library


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
