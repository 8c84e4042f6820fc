"""Change an index safely: one writer at a time, only new text embedded, a new version each time."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from yjs_qa.errors import IndexMismatchError, InputFileError, WriterBusyError, YjsQaError
from yjs_qa.index import onnx_export, store
from yjs_qa.index.embed import Embedder
from yjs_qa.index.rows import SENTENCE_DTYPE, SentenceVectors, sentence_offsets
from yjs_qa.ingest.extract.ratings import extract_ratings
from yjs_qa.ingest.extract.recommendations import extract_recommendations
from yjs_qa.ingest.parse import DEFAULT_MAX_BYTES, IGNORED_NAMES, SUPPORTED_SUFFIXES, is_supported
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.models import Document, FileResult, Passage, Span, UpdateReport

Progress = Callable[[int, int], None]  # (done, total) while embedding
MAX_FILE_ENV = "YJS_QA_MAX_FILE_MB"


def embedding_text(doc: Document, passage: Passage) -> str:
    """What the model reads: who and where, then the passage, so headings reach the vector."""
    where = passage.section or doc.title
    who = f"{doc.service} youth justice service" if doc.service else doc.kind.value
    return f"{who}. {where}. {passage.text}"


def sentence_texts(passage: Passage) -> list[str]:
    """What the model reads for each sentence span: the sentence alone, as questions score it."""
    return [passage.text[span.start : span.end] for span in passage.sentences]


def keyword_text(doc: Document, passage: Passage) -> str:
    """What BM25 indexes: the same context as the embedding."""
    return embedding_text(doc, passage)


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


@dataclass
class _Plan:
    """What one update will do, decided before anything is embedded."""

    keep: list[Document] = field(default_factory=list)
    new: dict[str, tuple[Document, list[Passage]]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)


def _max_bytes() -> int:
    return int(float(os.environ.get(MAX_FILE_ENV, DEFAULT_MAX_BYTES / 1e6)) * 1e6)


def _read(paths: Sequence[Path], docs: dict[str, Document], plan: _Plan) -> set[str]:
    """Ingest each file, sorting it into added, updated, unchanged, skipped or failed."""
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
        try:
            doc, passages = ingest(path, max_bytes=_max_bytes())
        except InputFileError as exc:
            plan.results.append(
                FileResult(document=name, path=str(path), status="failed", reason=exc.problem)
            )
            continue
        except Exception as exc:  # one bad file must never stop the others
            reason = f"could not be parsed ({type(exc).__name__}: {exc})"
            plan.results.append(FileResult(document=name, path=str(path), status="failed", reason=reason))
            continue
        existing = docs.get(name)
        if existing and existing.content_hash == doc.content_hash:
            plan.results.append(
                FileResult(document=name, path=str(path), status="unchanged", passages=existing.passages)
            )
            continue
        plan.new[name] = (doc, passages)
        plan.results.append(
            FileResult(
                document=name,
                path=str(path),
                status="updated" if existing else "added",
                passages=len(passages),
            )
        )
    return seen


def _drop_twins(plan: _Plan, docs: dict[str, Document], staying: set[str]) -> None:
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


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


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
    loaded: store.IndexData | None = None,
    sentence_vectors: bool | None = None,
) -> UpdateReport:
    """Add, update and remove documents, then switch to the new version atomically.

    Passages whose embedding text is unchanged reuse their stored vectors, so an unchanged, renamed
    or lightly edited document costs (almost) no embedding. `prune` removes indexed documents whose
    files are not among `files`; `rebuild` ignores the old index and embeds everything afresh.
    `sentence_vectors` turns stored sentence vectors on or off; None keeps what the live version
    records (on for a new index: store.SENTENCE_VECTORS_BY_DEFAULT).
    """
    with writer_lock(index_dir, wait):
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
        plan = _Plan(results=list(skipped))
        seen = _read(files, docs, plan)
        unknown = [n for n in remove if n not in docs]
        if unknown:
            listed = ", ".join(sorted(docs)) or "none"
            raise YjsQaError(f"not in the index: {', '.join(unknown)}. Indexed documents: {listed}")
        gone = set(remove) | ({n for n in docs if n not in seen} if prune else set())
        _drop_twins(plan, docs, staying=set(docs) - gone)
        plan.removed = sorted(gone - set(plan.new))
        for name in plan.removed:
            plan.results.append(FileResult(document=name, path=docs[name].source_path, status="removed"))
        same_setting = old is not None and old.manifest.sentence_vectors == sentence_vectors
        if old is not None and not plan.new and not plan.removed and same_setting:
            onnx_export.ensure_for_index(index_dir, old.manifest.model_fingerprint)
            return UpdateReport(
                index_dir=str(index_dir),
                index_version=old.manifest.version,
                files=plan.results,
                passages_total=old.manifest.passages,
            )
        if old is None and not plan.new:
            reasons = "; ".join(f"{r.path}: {r.reason}" for r in plan.results if r.reason)
            raise YjsQaError(f"nothing could be indexed ({reasons or 'no supported files found'})")
        plan.keep = [d for n, d in docs.items() if n not in plan.new and n not in plan.removed]
        embedder = embedder_factory()
        report = _write(index_dir, old, plan, embedder, progress, sentence_vectors)
        onnx_export.ensure(index_dir, embedder)  # once per model: later builds reuse it
        return report


def _write(
    index_dir: Path,
    old: store.IndexData | None,
    plan: _Plan,
    embedder: Embedder,
    progress: Progress | None,
    sentence_vectors: bool = False,
) -> UpdateReport:
    if old is not None and (
        old.manifest.model != embedder.name or old.manifest.dimension != embedder.dimension
    ):
        raise IndexMismatchError(
            index_dir, f"it was built with {old.manifest.model!r}, not {embedder.name!r}"
        )
    kept_names = {d.document for d in plan.keep}
    doc_of = {d.document: d for d in plan.keep} | {n: d for n, (d, _) in plan.new.items()}
    passages: list[Passage] = []
    rows: list[int] = []  # row in the old vectors, or -1 for "embed now"
    reusable: dict[bytes, int] = {}
    old_spans: list[list[Span]] = []  # each old row's sentence spans, to reuse its sentence vectors
    if old is not None:
        old_docs = {d.document: d for d in old.manifest.documents}
        for i, p in enumerate(old.passages):
            if p.document in kept_names:
                passages.append(p)
                rows.append(i)
            reusable.setdefault(_text_key(embedding_text(old_docs[p.document], p)), i)
            old_spans.append(p.sentences)
    for doc, new_passages in plan.new.values():
        for p in new_passages:
            passages.append(p)
            rows.append(reusable.get(_text_key(embedding_text(doc, p)), -1))
    todo = [i for i, r in enumerate(rows) if r < 0]
    matrix = np.zeros((len(passages), embedder.dimension), dtype=np.float32)
    have = [i for i, r in enumerate(rows) if r >= 0]
    if have and old is not None:
        matrix[have] = np.asarray(old.vectors[[rows[i] for i in have]], dtype=np.float32)
    texts = [embedding_text(doc_of[passages[i].document], passages[i]) for i in todo]
    sentences: np.ndarray | None = None
    sentence_rows = np.zeros(0, dtype=np.int64)  # rows of `sentences` embedded now
    if sentence_vectors:
        old_sentences = old.sentence_vectors if old is not None else None
        sentences, sentence_rows, sentence_texts_now = _sentences(
            passages, rows, old_sentences, old_spans, embedder.dimension
        )
        texts += sentence_texts_now
    if texts:
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(texts))

        # Passages and sentences in one call: sorted by length together, batches pad less.
        encoded = embedder.encode(texts, tick)
        matrix[todo] = encoded[: len(todo)]
        if sentences is not None:
            sentences[sentence_rows] = encoded[len(todo) :]
    for doc, new_passages in plan.new.values():
        doc.passages = len(new_passages)
    documents = sorted(doc_of.values(), key=lambda d: d.document)
    # Ratings are read per document: kept documents keep theirs, only new text is read again.
    fresh_docs = [d for d, _ in plan.new.values()]
    fresh = [p for _, ps in plan.new.values() for p in ps]
    old_ratings = old.ratings if old is not None else []
    old_recs = old.recommendations if old is not None else []
    ratings = sorted(
        [r for r in old_ratings if r.document in kept_names] + extract_ratings(fresh_docs, fresh),
        key=lambda r: r.document,
    )
    recommendations = sorted(
        [r for r in old_recs if r.document in kept_names] + extract_recommendations(fresh_docs, fresh),
        key=lambda r: r.document,
    )
    version = store.write(
        index_dir,
        documents=documents,
        passages=passages,
        vectors=matrix,
        keyword_texts=[keyword_text(doc_of[p.document], p) for p in passages],
        model=embedder.name,
        dimension=embedder.dimension,
        fingerprint=embedder.fingerprint,
        ratings=ratings,
        recommendations=recommendations,
        base=old,  # an add that removes nothing extends an HNSW graph instead of rebuilding it
        sentence_vectors=sentences,
    )
    return UpdateReport(
        index_dir=str(index_dir),
        index_version=version,
        files=plan.results,
        passages_total=len(passages),
        embedded=len(todo),
        sentences_embedded=len(sentence_rows),
    )


def _sentences(
    passages: Sequence[Passage],
    rows: Sequence[int],
    old: SentenceVectors | None,
    old_spans: Sequence[Sequence[Span]],
    dimension: int,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The sentence matrix of the new version (float16, one row per span) with the rows of passages
    whose vector is reused copied from `old`, and which rows still need embedding, and their texts.

    A passage reuses its old sentence rows when it reuses its old passage vector (its embedding
    text is unchanged) and its spans are the same; with no old sentence vectors, all are embedded.
    """
    offsets = sentence_offsets(passages)
    out = np.zeros((int(offsets[-1]), dimension), dtype=SENTENCE_DTYPE)
    reuse = [
        i for i, r in enumerate(rows) if old is not None and r >= 0 and old_spans[r] == passages[i].sentences
    ]
    if reuse and old is not None:
        new_at = np.asarray(reuse, dtype=np.int64)
        old_at = np.asarray([rows[i] for i in reuse], dtype=np.int64)
        out[_span_rows(offsets, new_at)] = old.matrix()[_span_rows(old.offsets, old_at)]
    reused = set(reuse)
    fresh = np.asarray([i for i in range(len(passages)) if i not in reused], dtype=np.int64)
    texts = [t for i in fresh for t in sentence_texts(passages[int(i)])]
    return out, _span_rows(offsets, fresh), texts


def _span_rows(offsets: np.ndarray, which: np.ndarray) -> np.ndarray:
    """The sentence rows of passage rows `which`, in order: [offsets[w], offsets[w + 1]) for each."""
    starts = offsets[which]
    counts = offsets[which + 1] - starts
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
