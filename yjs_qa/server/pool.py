"""Library objects shared safely between request threads.

A Library object is not meant to be used by two threads at once (a question may switch it to a
newly published version half-way through another question). So each question checks one reader
out of a small pool for its duration; all readers share one embedder. Adds run on a writer of
their own, one at a time, so questions keep being answered from the current version while an add
embeds, and pick up the new version as soon as it is published (Library.refresh).

A pool may also start empty (`Libraries.pending`) and open its index in a background thread: a
worker process answers /healthz with 503 until then, and every other route with 503 too, so a load
balancer sends it nothing before it can answer.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from yjs_qa import IndexNotFoundError, Library, YjsQaError

# How often a pending pool looks again for an index that is not there yet (or cannot be opened):
# a replica started before the writer's first build comes up within this long of it.
RETRY_SECONDS = 1.0


class WriterBusy(Exception):
    """An add is already running in this server."""


class IndexNotReady(Exception):
    """The index is not open yet in this process (HTTP 503)."""


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


@dataclass(frozen=True)
class Health:
    """What /healthz reports: whether the index is open, and which version this process serves."""

    ready: bool
    version: str | None = None
    documents: int = 0
    passages: int = 0
    problem: str | None = None


class Libraries:
    """A pool of reader Libraries on one index, and one writer Library for adds."""

    def __init__(self, first: Library | None, readers: int = 2, *, index_dir: Path | None = None) -> None:
        if first is None and index_dir is None:
            raise ValueError("give a Library or the index folder to open")
        self.index_dir = first.index_dir if first is not None else Path(str(index_dir))
        self._readers = max(1, readers)
        self._free: queue.Queue[Library] = queue.Queue()
        self._writer: Library | None = None
        self._write_lock = threading.Lock()
        self._ready = threading.Event()
        self._problem: str | None = None
        self._health = Health(ready=False)
        self.progress = AddProgress()
        # Told (version, documents) when this process starts answering from another version.
        self.on_version: Callable[[str, int], None] | None = None
        if first is not None:
            self._fill(first)

    @classmethod
    def pending(cls, index_dir: Path, readers: int = 2) -> Libraries:
        """A pool that opens `index_dir` when `start()` is called, in a background thread."""
        return cls(None, readers, index_dir=index_dir)

    def start(self) -> None:
        """Open the index in a background thread, retrying until it exists and opens (pending pools)."""
        if not self._ready.is_set():
            threading.Thread(target=self._open_when_there, name="yjs-qa-open", daemon=True).start()

    def _open_when_there(self) -> None:
        while not self._ready.is_set():
            try:
                self._fill(Library.open(self.index_dir))
            except IndexNotFoundError as exc:
                self._problem = str(exc)
            except YjsQaError as exc:  # a damaged or mismatched index: said by /healthz, tried again
                self._problem = f"{type(exc).__name__}: {exc}"
            if not self._ready.is_set():
                time.sleep(RETRY_SECONDS)

    def _fill(self, first: Library) -> None:
        self._embedder = first.embedder  # loaded now: the first question is not slowed by it
        self._reranker = first.reranker
        self._free.put(first)
        for _ in range(self._readers - 1):
            self._free.put(self._open())
        self._note(first)
        self._problem = None
        self._ready.set()

    def _open(self) -> Library:
        return Library.open(self.index_dir, embedder=self._embedder, reranker=self._reranker)

    def _note(self, lib: Library) -> None:
        if self._health.version != lib.version:
            status = lib.status()
            self._health = Health(
                ready=True, version=lib.version, documents=len(status.documents), passages=status.passages
            )
            if self.on_version is not None:
                self.on_version(lib.version, len(status.documents))

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def _not_ready(self) -> IndexNotReady:
        why = f": {self._problem}" if self._problem else ""
        return IndexNotReady(f"the index at {self.index_dir} is not open yet{why}; try again shortly")

    @contextmanager
    def reader(self, *, refresh: bool = True) -> Iterator[Library]:
        """A Library for this thread alone, on the newest published version."""
        if not self._ready.is_set():
            raise self._not_ready()
        lib = self._free.get()
        try:
            if refresh:
                lib.refresh()
            yield lib
        finally:
            self._note(lib)
            self._free.put(lib)

    def health(self) -> Health:
        """The version this process answers from, without waiting: a free reader is moved to the
        newest published version first; when all are busy, the last version one of them served."""
        if not self._ready.is_set():
            return Health(ready=False, problem=str(self._not_ready()))
        try:
            lib = self._free.get_nowait()
        except queue.Empty:
            return self._health
        try:
            lib.refresh()
            self._note(lib)
        finally:
            self._free.put(lib)
        return self._health

    @contextmanager
    def writer(self) -> Iterator[Library]:
        """The writer Library; WriterBusy if another add in this server holds it."""
        if not self._ready.is_set():
            raise self._not_ready()
        if not self._write_lock.acquire(blocking=False):
            raise WriterBusy("another add is running in this server; try again when it has finished")
        try:
            if self._writer is None:
                self._writer = self._open()
            self._writer.refresh()
            yield self._writer
        finally:
            self._write_lock.release()
