"""Change an index safely: one writer at a time, only new text embedded, a new version each time."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from filelock import FileLock, Timeout

from yjs_qa.errors import InputFileError, WriterBusyError, YjsQaError
from yjs_qa.index import corrections, onnx_export, store
from yjs_qa.index.corrections import TagCorrection, tags_of
from yjs_qa.index.embed import Embedder
from yjs_qa.index.version_data import IndexData
from yjs_qa.index.write_version import Plan, Progress, write_version
from yjs_qa.ingest.parse import IGNORED_NAMES, SUPPORTED_SUFFIXES, is_supported
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.models import Document, FileResult, UpdateReport
from yjs_qa.settings import SETTINGS

MAX_FILE_ENV = "YJS_QA_MAX_FILE_MB"


def discover(root: Path) -> tuple[list[Path], list[FileResult]]:
    """Supported files under `root` in a stable order, and a 'skipped' result for every other file.

    Symlinked folders are not followed, so a symlink loop cannot trap the walk. Hidden files and
    the corpus's own notes (SOURCES.md, README.md) are passed over silently.
    """
    found: list[Path] = []
    other: list[FileResult] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or name.lower() in IGNORED_NAMES:
                continue
            if is_supported(path):
                found.append(path)
            else:
                other.append(
                    FileResult(document=name, path=str(path), status="skipped", reason=_unsupported(path))
                )
    return found, other


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """The files to add: folders' supported files (discover), and every file named explicitly,
    whatever its type, so that an unsupported one fails with its reason rather than vanishing."""
    files: list[Path] = []
    skipped: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            found, other = discover(path)
            files += found
            skipped += other
        else:
            files.append(path)
    return files, skipped


def discover_corpus(corpus: Path) -> tuple[list[Path], list[FileResult]]:
    """discover(corpus), or an error that says the corpus folder is missing."""
    if not corpus.is_dir():
        raise YjsQaError(f"corpus folder {corpus} does not exist or is not a folder")
    return discover(corpus)


@dataclass
class Tagged:
    """Files to index, files skipped, and what the user sets: tags and ratings by document, and
    services the table lacks."""

    files: list[Path]
    skipped: list[FileResult]
    tags: dict[str, TagCorrection] = field(default_factory=dict)
    services: list[dict[str, str]] = field(default_factory=list)

    def given(self) -> dict[str, Any]:
        """As apply()'s keyword arguments."""
        return {"files": self.files, "skipped": self.skipped, "tags": self.tags, "services": self.services}


def corpus_files(corpus: Path) -> Tagged:
    """discover_corpus(corpus), and what its metadata.csv, ratings.csv and services.csv set (checked
    before anything is read)."""
    if not corpus.is_dir():
        return Tagged(*discover_corpus(corpus))
    tags = corrections.merged(corrections.read_metadata(corpus), corrections.read_rating_corrections(corpus))
    return Tagged(*discover_corpus(corpus), tags, corrections.read_services(corpus))


def files_to_add(
    paths: Iterable[Path],
    service: str | None = None,
    kind: str | None = None,
    date: str | None = None,
    ratings: Mapping[str, str] | None = None,
) -> Tagged:
    """collect(paths), and the tags to set on the files: `service`, `kind`, `date` and `ratings`
    (checked first, so a bad value changes nothing) on every one of them. A folder among `paths`
    brings its own services.csv."""
    tags = corrections.check(service, kind, date, ratings)
    paths = list(paths)
    files, skipped = collect(paths)
    services = [row for p in paths if p.is_dir() for row in corrections.read_services(p)]
    return Tagged(files, skipped, {f.name: tags for f in files} if tags else {}, services)


def _unsupported(path: Path) -> str:
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {path.suffix or '(none)'!r}; supported: {supported}"


@contextmanager
def writer_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """Hold the index's writer lock. `wait` seconds (-1 forever, 0 not at all) before giving up."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / "LOCK"))
    try:
        lock.acquire(timeout=wait)
    except Timeout as exc:
        raise WriterBusyError(index_dir) from exc
    try:
        yield
    finally:
        lock.release()


def _max_bytes() -> int:
    return int(float(os.environ.get(MAX_FILE_ENV, SETTINGS.ingest.max_file_bytes / 1e6)) * 1e6)


def _read(
    paths: Sequence[Path],
    docs: dict[str, Document],
    plan: Plan,
    tags: Mapping[str, TagCorrection],
    rerate: set[str],
) -> set[str]:
    """Ingest each file with the tags the user set on it, sorting it into added, updated (new text
    or new tags), unchanged, skipped or failed."""
    seen: set[str] = set()
    for path in paths:
        name = path.name
        if name in seen:
            plan.results.append(
                FileResult(
                    document=name,
                    path=str(path),
                    status="skipped",
                    reason="another file of the same name is in this run",
                )
            )
            continue
        seen.add(name)
        correction = tags.get(name)
        try:
            doc, passages = ingest(path, max_bytes=_max_bytes(), kind=correction.kind if correction else None)
        except InputFileError as exc:
            plan.results.append(
                FileResult(document=name, path=str(path), status="failed", reason=exc.problem)
            )
            continue
        except Exception as exc:  # one bad file must never stop the others
            reason = f"could not be parsed ({type(exc).__name__}: {exc})"
            plan.results.append(FileResult(document=name, path=str(path), status="failed", reason=reason))
            continue
        if correction is not None:
            doc = correction.applied(doc)
        existing = docs.get(name)
        retag = None
        if existing and existing.content_hash == doc.content_hash:
            if tags_of(existing) == tags_of(doc) and name not in rerate:
                plan.results.append(
                    FileResult(document=name, path=str(path), status="unchanged", passages=existing.passages)
                )
                continue
            retag = corrections.describe_change(existing, doc, name in rerate)
        plan.new[name] = (doc, passages)
        plan.results.append(
            FileResult(
                document=name,
                path=str(path),
                status="updated" if existing else "added",
                passages=len(passages),
                reason=retag,
                note=doc.tag_note,
            )
        )
    return seen


def _retag_kept(
    plan: Plan,
    docs: dict[str, Document],
    old: IndexData | None,
    tags: Mapping[str, TagCorrection],
    rerate: set[str],
) -> None:
    """Indexed documents this run does not read, whose stored tags or ratings differ from a
    correction: updated with their stored passages (re-embedded only where the text the model reads
    changes)."""
    for name, stored in docs.items():
        if old is None or name in plan.new or name in plan.removed or name not in tags:
            continue
        doc = tags[name].applied(stored)
        if tags_of(doc) == tags_of(stored) and name not in rerate:
            continue
        plan.new[name] = (doc, corrections.stored_passages(old, name))
        plan.results.append(
            FileResult(
                document=name,
                path=stored.source_path,
                status="updated",
                passages=stored.passages,
                reason=corrections.describe_change(stored, doc, name in rerate),
            )
        )


def _drop_twins(plan: Plan, docs: dict[str, Document], staying: set[str]) -> None:
    """A new file with the same text as a document that stays indexed is a duplicate: skip it."""
    owner = {d.content_hash: n for n, d in docs.items() if n in staying and n not in plan.new}
    for name, (doc, _) in list(plan.new.items()):
        twin = owner.get(doc.content_hash)
        if twin and twin != name:
            del plan.new[name]
            for r in plan.results:
                if r.document == name and r.status in ("added", "updated"):
                    r.status, r.passages = "skipped", 0
                    r.reason = f"same text as {twin}, already indexed"
        else:
            owner[doc.content_hash] = name


class BuildOptions(TypedDict, total=False):
    """How a build treats the index: see Library.build."""

    prune: bool
    rebuild: bool
    progress: Progress | None
    wait: float
    sentence_vectors: bool | None


def apply(
    index_dir: Path,
    *,
    files: Sequence[Path] = (),
    skipped: Sequence[FileResult] = (),
    remove: Sequence[str] = (),
    prune: bool = False,
    rebuild: bool = False,
    embedder_factory: Callable[[], Embedder],
    progress: Progress | None = None,
    wait: float = -1,
    loaded: IndexData | None = None,
    sentence_vectors: bool | None = None,
    tags: Mapping[str, TagCorrection] | None = None,
    services: Sequence[dict[str, str]] = (),
) -> UpdateReport:
    """Add, update and remove documents, then switch to the new version atomically.

    Passages whose embedding text is unchanged reuse their stored vectors, so an unchanged, renamed
    or lightly edited document costs (almost) no embedding. `prune` removes indexed documents whose
    files are not among `files`; `rebuild` ignores the old index and embeds everything afresh.
    `sentence_vectors` turns stored sentence vectors on or off; None keeps what the live version
    records (on for a new index: store.SENTENCE_VECTORS_BY_DEFAULT). `tags` are corrections (by
    document file name) to store with the index's own (corrections.json) and apply with them to
    every document indexed now and from now on. `services` are services the table lacks, stored
    with the index (services.json) and known to every reader from now on.
    """
    with writer_lock(index_dir, wait):
        if services:
            corrections.save_services(index_dir, list(services))
        corrections.use_services(index_dir)  # before any file is read: tagging knows them
        stored = corrections.load(index_dir)
        wanted = corrections.merged(stored, tags or {})
        # Documents whose corrected ratings change are read again, though their text and tags are not.
        rerate = {
            n for n in wanted if corrections.ratings_of(wanted[n]) != corrections.ratings_of(stored.get(n))
        }
        store.remove_unfinished(index_dir)  # left by a writer that was killed; we hold the lock
        live = store.current_version(index_dir)
        if rebuild or live is None:
            old = None
        elif loaded is not None and loaded.manifest.version == live:
            old = loaded  # the caller already holds the live version: no need to read it again
        else:
            old = store.load(index_dir)
        if sentence_vectors is None:  # keep what the live version records
            recorded = old.manifest if old is not None else None
            sentence_vectors = (
                recorded.sentence_vectors if recorded else store.recorded_sentence_vectors(index_dir)
            )
        docs = {d.document: d for d in old.manifest.documents} if old else {}
        plan = Plan(results=list(skipped))
        seen = _read(files, docs, plan, wanted, rerate)
        plan.rating_corrections = {n: t.ratings for n, t in wanted.items() if t.ratings}
        unknown = [n for n in remove if n not in docs]
        if unknown:
            listed = ", ".join(sorted(docs)) or "none"
            raise YjsQaError(f"not in the index: {', '.join(unknown)}. Indexed documents: {listed}")
        gone = set(remove) | ({n for n in docs if n not in seen} if prune else set())
        _drop_twins(plan, docs, staying=set(docs) - gone)
        plan.removed = sorted(gone - set(plan.new))
        for name in plan.removed:
            plan.results.append(FileResult(document=name, path=docs[name].source_path, status="removed"))
        _retag_kept(plan, docs, old, wanted, rerate)
        if old is None and not plan.new:
            reasons = "; ".join(f"{r.path}: {r.reason}" for r in plan.results if r.reason)
            raise YjsQaError(f"nothing could be indexed ({reasons or 'no supported files found'})")
        if wanted != stored:  # before the version: a writer killed between them loses no correction
            corrections.save(index_dir, wanted)
        same_setting = old is not None and old.manifest.sentence_vectors == sentence_vectors
        if old is not None and not plan.new and not plan.removed and same_setting:
            onnx_export.ensure_for_index(index_dir, old.manifest.model_fingerprint)
            return UpdateReport(
                index_dir=str(index_dir),
                index_version=old.manifest.version,
                files=plan.results,
                passages_total=old.manifest.passages,
            )
        plan.keep = [d for n, d in docs.items() if n not in plan.new and n not in plan.removed]
        embedder = embedder_factory()
        report = write_version(index_dir, old, plan, embedder, progress, sentence_vectors)
        onnx_export.ensure(index_dir, embedder)  # once per model: later builds reuse it
        return report
