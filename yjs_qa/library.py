"""The Library: one object under both the CLI and the Python API."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from . import store
from .answer import answer_text, best_sentences
from .embed import Embedder, SentenceTransformerEmbedder
from .errors import IndexMismatchError, InputFileError, QuestionError, YjsQaError
from .filters import FilterValue, mask, resolve
from .ingest import ingest
from .models import (
    Answer,
    AnswerPassage,
    Citation,
    Document,
    FileResult,
    IndexStatus,
    Passage,
    Rating,
    Recommendation,
    UpdateReport,
)
from .parse import DEFAULT_MAX_BYTES, is_supported
from .rating_questions import rating_query
from .rating_select import (
    ratings_matching,
    select,
    select_recommendations,
    services_matching,
    standards_matching,
)
from .ratings import extract_ratings
from .recommendations import extract_recommendations
from .retrieve import Mode, diversify, search

MAX_QUESTION_CHARS = 2000
DEFAULT_K = 8
Progress = Callable[[int, int], None]  # (done, total) while embedding


def embedding_text(doc: Document, passage: Passage) -> str:
    """What the model reads: who and where, then the passage, so headings reach the vector."""
    where = passage.section or doc.title
    who = f"{doc.service} youth justice service" if doc.service else doc.kind.value
    return f"{who}. {where}. {passage.text}"


def keyword_text(doc: Document, passage: Passage) -> str:
    """What BM25 indexes: the same context as the embedding, then the text."""
    return embedding_text(doc, passage)


def model_fingerprint(embedder: Embedder) -> str:
    return f"{embedder.name}:{embedder.dimension}"


class Library:
    """An opened index: ask questions, search, add reports, report status."""

    def __init__(self, index_dir: Path, data: store.IndexData, embedder: Embedder | None = None) -> None:
        self.index_dir = index_dir
        self._embedder = embedder
        self._load(data)

    def _load(self, data: store.IndexData) -> None:
        self._data = data
        self._docs = {d.document: d for d in data.manifest.documents}
        self._services = [self._docs[p.document].service for p in data.passages]
        self._by_id = {p.id: p for p in data.passages}
        if self._embedder is not None:
            self._check_model(self._embedder)

    # --- opening and building -------------------------------------------------------------

    @classmethod
    def open(cls, index_dir: str | os.PathLike[str], *, embedder: Embedder | None = None) -> Library:
        """Open an existing index. The model loads on first use unless one is given."""
        path = Path(index_dir)
        return cls(path, store.load(path), embedder)

    @classmethod
    def build(
        cls,
        corpus_dir: str | os.PathLike[str],
        index_dir: str | os.PathLike[str],
        *,
        embedder: Embedder | None = None,
        prune: bool = False,
        rebuild: bool = False,
        progress: Progress | None = None,
        wait: float = -1,
    ) -> Library:
        """Build an index from every supported file under `corpus_dir`, or refresh an existing one.

        Unchanged documents are not re-embedded. With `prune`, documents whose files are gone
        from the corpus are dropped; with `rebuild`, everything is embedded afresh.
        """
        lib, _ = cls.build_with_report(
            corpus_dir,
            index_dir,
            embedder=embedder,
            prune=prune,
            rebuild=rebuild,
            progress=progress,
            wait=wait,
        )
        return lib

    @classmethod
    def build_with_report(
        cls,
        corpus_dir: str | os.PathLike[str],
        index_dir: str | os.PathLike[str],
        *,
        embedder: Embedder | None = None,
        prune: bool = False,
        rebuild: bool = False,
        progress: Progress | None = None,
        wait: float = -1,
    ) -> tuple[Library, UpdateReport]:
        """Like build, and also say what happened to each file."""
        corpus = Path(corpus_dir)
        if not corpus.is_dir():
            raise YjsQaError(f"corpus folder {corpus} does not exist or is not a folder")
        files, problems = discover(corpus)
        report = _update(
            Path(index_dir),
            files,
            embedder=lambda: embedder or SentenceTransformerEmbedder(),
            prune=prune,
            rebuild=rebuild,
            progress=progress,
            wait=wait,
            problems=problems,
        )
        return cls.open(index_dir, embedder=embedder), report

    def add(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        wait: float = -1,
    ) -> UpdateReport:
        """Add (or update) reports in this index; returns what was added, skipped and failed."""
        files: list[Path] = []
        problems: list[FileResult] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found, bad = discover(path)
                files.extend(found)
                problems.extend(bad)
            else:
                files.append(path)
        report = _update(
            self.index_dir,
            files,
            embedder=lambda: self.embedder,
            progress=progress,
            wait=wait,
            problems=problems,
        )
        self._load(store.load(self.index_dir))
        return report

    # --- asking ---------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = SentenceTransformerEmbedder()
            self._check_model(self._embedder)
        return self._embedder

    def _check_model(self, embedder: Embedder) -> None:
        m = self._data.manifest
        if embedder.name != m.model or embedder.dimension != m.dimension:
            raise IndexMismatchError(
                self.index_dir,
                f"it was built with model {m.model!r} ({m.dimension} dims) but the model in use is "
                f"{embedder.name!r} ({embedder.dimension} dims)",
            )

    def search(
        self,
        question: str,
        k: int = 10,
        *,
        mode: Mode | str = Mode.HYBRID,
        service: FilterValue = None,
        domain: FilterValue = None,
        standard: FilterValue = None,
    ) -> list[AnswerPassage]:
        """Ranked, cited passages for `question`; `mode` picks hybrid, dense or keyword."""
        question = _check_question(question)
        filters = resolve(
            services=[s for s in self._services if s],
            passages=self._data.passages,
            service=service,
            domain=domain,
            standard=standard,
        )
        allowed = mask(self._data.passages, self._services, filters) if filters.active else None
        mode = Mode(mode)
        qvec = self.embedder.encode_query(question) if mode != Mode.KEYWORD else None
        hits = diversify(self._data, search(self._data, question, qvec, mode=mode, allowed=allowed))
        return [self._answer_passage(rank, hit) for rank, hit in enumerate(hits[:k], 1)]

    def ask(
        self,
        question: str,
        k: int = DEFAULT_K,
        *,
        service: FilterValue = None,
        domain: FilterValue = None,
        standard: FilterValue = None,
    ) -> Answer:
        """Answer `question` with extractive sentences and the k passages behind them."""
        question = _check_question(question)
        if k < 1:
            raise QuestionError(f"k must be at least 1, got {k}")
        filters = resolve(
            services=[s for s in self._services if s],
            passages=self._data.passages,
            service=service,
            domain=domain,
            standard=standard,
        )
        allowed = mask(self._data.passages, self._services, filters) if filters.active else None
        qvec = self.embedder.encode_query(question)
        hits = diversify(self._data, search(self._data, question, qvec, allowed=allowed))
        passages = [self._answer_passage(rank, hit) for rank, hit in enumerate(hits[:k], 1)]
        sentences = best_sentences(qvec, passages, self._by_id, self.embedder)
        ratings = self._asked_ratings(question, service)
        return Answer(
            question=question,
            # A rating question is answered by the structured rating first, then by the passages.
            answer="\n".join(x for x in (rating_summary(ratings), answer_text(sentences)) if x),
            ratings=ratings,
            sentences=sentences,
            passages=passages,
            filters=filters,
            index_version=self._data.manifest.version,
        )

    def _answer_passage(self, rank: int, hit: object) -> AnswerPassage:
        p = self._data.passages[hit.row]  # type: ignore[attr-defined]
        return AnswerPassage(
            rank=rank,
            id=p.id,
            text=p.text,
            score=round(float(hit.score), 6),  # type: ignore[attr-defined]
            dense_rank=hit.dense_rank,  # type: ignore[attr-defined]
            keyword_rank=hit.keyword_rank,  # type: ignore[attr-defined]
            citation=self.citation(p),
        )

    def citation(self, p: Passage) -> Citation:
        doc = self._docs[p.document]
        return Citation(
            document=p.document,
            title=doc.title,
            doc_kind=doc.kind,
            service=doc.service,
            date=doc.date,
            domain=p.domain,
            standard=p.standard,
            section=p.section,
            section_kind=p.section_kind,
            page=p.page,
            page_end=p.page_end,
        )

    # --- inspecting -----------------------------------------------------------------------

    @property
    def passages(self) -> list[Passage]:
        return list(self._data.passages)

    @property
    def documents(self) -> list[Document]:
        return list(self._data.manifest.documents)

    def status(self) -> IndexStatus:
        m = self._data.manifest
        return IndexStatus(
            index_dir=str(self.index_dir),
            version=m.version,
            format_version=m.format_version,
            model=m.model,
            dimension=m.dimension,
            built_at=m.built_at,
            documents=m.documents,
            passages=m.passages,
        )

    # --- ratings and recommendations ------------------------------------------------------

    def ratings(
        self,
        service: FilterValue = None,
        standard: FilterValue = None,
        rating: FilterValue = None,
        *,
        unique: bool = False,
    ) -> list[Rating]:
        """Ratings the indexed documents state, filtered ('southend', '2.1' or 'planning' or 'overall',
        'Inadequate'). With `unique`, one per service and standard, from the best source."""
        data = self._data
        known = [r.service for r in data.ratings if r.service]
        return select(
            data.ratings,
            services=services_matching(service, known),
            standards=standards_matching(standard),
            values=ratings_matching(rating),
            kinds={d.document: d.kind for d in data.manifest.documents},
            unique=unique,
        )

    def recommendations(self, service: FilterValue = None) -> list[Recommendation]:
        """Recommendations the indexed documents state, with whom each is addressed to."""
        known = [r.service for r in self._data.recommendations if r.service]
        return select_recommendations(self._data.recommendations, services_matching(service, known))

    def _asked_ratings(self, question: str, service: FilterValue) -> list[Rating]:
        """The structured ratings a rating question asks for; empty for other questions."""
        known = sorted({r.service for r in self._data.ratings if r.service})
        query = rating_query(question, known)
        if query is None:
            return []
        services = query.services or services_matching(service, known)
        ratings = self._data.ratings
        kinds = {d.document: d.kind for d in self._data.manifest.documents}
        values = [query.rating] if query.rating else []
        return select(
            ratings, services=services, standards=query.standards, values=values, kinds=kinds, unique=True
        )


def rating_summary(ratings: Sequence[Rating]) -> str:
    """One line per service: 'East Sussex: 2.2 Planning Inadequate; 3.2 Planning Requires improvement
    (east-sussex-2024-cabinet-paper.txt).'"""
    lines: list[str] = []
    by_service: dict[str | None, list[Rating]] = {}
    for r in ratings:
        by_service.setdefault(r.service, []).append(r)
    for service, rs in by_service.items():
        parts = [
            f"{r.standard} {r.rating}" + (f" ({r.score}/{r.score_max})" if r.score is not None else "")
            for r in rs
        ]
        docs = ", ".join(dict.fromkeys(r.document for r in rs))
        lines.append(f"{service or 'Unknown service'}: {'; '.join(parts)} ({docs}).")
    return "\n".join(lines)


def _check_question(question: str) -> str:
    question = " ".join((question or "").split())
    if not question:
        raise QuestionError(
            "the question is empty; ask something, e.g. 'what did inspectors say about planning?'"
        )
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question)} characters, over the {MAX_QUESTION_CHARS} limit; shorten it"
        )
    return question


def discover(corpus: Path) -> tuple[list[Path], list[FileResult]]:
    """Supported files under `corpus`, in a stable order; symlinked folders are not followed."""
    found: list[Path] = []
    problems: list[FileResult] = []
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or not is_supported(path):
                continue
            found.append(path)
    return found, problems


def _update(
    index_dir: Path,
    files: Sequence[Path],
    *,
    embedder: Callable[[], Embedder],
    prune: bool = False,
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = -1,
    problems: Sequence[FileResult] = (),
) -> UpdateReport:
    """Ingest `files` into the index at `index_dir`, embedding only new or changed documents."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / "LOCK"))
    try:
        lock.acquire(timeout=wait)
    except Timeout as exc:
        raise YjsQaError(
            f"another process is writing the index at {index_dir}; try again when it has finished"
        ) from exc
    try:
        return _update_locked(index_dir, files, embedder, prune, rebuild, progress, list(problems))
    finally:
        lock.release()


def _update_locked(
    index_dir: Path,
    files: Sequence[Path],
    embedder_factory: Callable[[], Embedder],
    prune: bool,
    rebuild: bool,
    progress: Progress | None,
    results: list[FileResult],
) -> UpdateReport:
    old = store.load(index_dir) if store.exists(index_dir) and not rebuild else None
    docs: dict[str, Document] = {d.document: d for d in old.manifest.documents} if old else {}
    rows: dict[str, list[int]] = {}
    if old:
        for i, p in enumerate(old.passages):
            rows.setdefault(p.document, []).append(i)
    by_hash = {d.content_hash: d.document for d in docs.values()}
    new: dict[str, tuple[Document, list[Passage]]] = {}
    seen: set[str] = set()
    max_bytes = int(float(os.environ.get("YJS_QA_MAX_FILE_MB", DEFAULT_MAX_BYTES / 1e6)) * 1e6)
    for path in files:
        name = path.name
        if name in seen:
            results.append(
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
            doc, doc_passages = ingest(path, max_bytes=max_bytes)
        except InputFileError as exc:
            results.append(FileResult(document=name, path=str(path), status="failed", reason=exc.problem))
            continue
        except Exception as exc:  # one bad file must not stop the others
            results.append(
                FileResult(
                    document=name,
                    path=str(path),
                    status="failed",
                    reason=f"could not be parsed ({type(exc).__name__}: {exc})",
                )
            )
            continue
        existing = docs.get(name)
        if existing and existing.content_hash == doc.content_hash:
            results.append(
                FileResult(document=name, path=str(path), status="unchanged", passages=existing.passages)
            )
            continue
        twin = by_hash.get(doc.content_hash)
        if twin and twin != name:
            results.append(
                FileResult(
                    document=name,
                    path=str(path),
                    status="skipped",
                    reason=f"same text as {twin}, already indexed",
                )
            )
            continue
        status = "updated" if existing else "added"
        new[name] = (doc, doc_passages)
        by_hash[doc.content_hash] = name
        results.append(FileResult(document=name, path=str(path), status=status, passages=len(doc_passages)))
    removed = sorted(set(docs) - seen) if prune else []
    for name in removed:
        results.append(FileResult(document=name, path=docs[name].source_path, status="removed"))
    if old is not None and not new and not removed:
        return UpdateReport(
            index_dir=str(index_dir),
            index_version=old.manifest.version,
            files=results,
            passages_total=old.manifest.passages,
        )
    if old is None and not new:
        reasons = "; ".join(f"{r.path}: {r.reason}" for r in results if r.reason) or "no supported files"
        raise YjsQaError(f"nothing could be indexed ({reasons})")
    embedder = embedder_factory()
    if old is not None and (
        old.manifest.model != embedder.name or old.manifest.dimension != embedder.dimension
    ):
        raise IndexMismatchError(
            index_dir, f"it was built with {old.manifest.model!r}, not {embedder.name!r}"
        )
    keep_docs = [d for n, d in docs.items() if n not in new and n not in removed]
    passages: list[Passage] = []
    vectors: list[np.ndarray] = []
    if old is not None:
        keep_rows = [i for d in keep_docs for i in rows.get(d.document, [])]
        passages = [old.passages[i] for i in keep_rows]
        if keep_rows:
            vectors.append(np.asarray(old.vectors[keep_rows], dtype=np.float32))
    fresh_docs = [doc for doc, _ in new.values()]
    fresh = [p for _, ps in new.values() for p in ps]
    doc_of = {d.document: d for d in keep_docs + fresh_docs}
    total = len(fresh)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    if fresh:
        vectors.append(embedder.encode([embedding_text(doc_of[p.document], p) for p in fresh], tick))
    passages += fresh
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, embedder.dimension), np.float32)
    documents = sorted(keep_docs + fresh_docs, key=lambda d: d.document)
    version = store.write(
        index_dir,
        documents=documents,
        passages=passages,
        vectors=matrix,
        keyword_texts=[keyword_text(doc_of[p.document], p) for p in passages],
        model=embedder.name,
        dimension=embedder.dimension,
        fingerprint=model_fingerprint(embedder),
        # Derived from every document's passages, so kept documents are re-read too (no embedding).
        ratings=extract_ratings(documents, passages),
        recommendations=extract_recommendations(documents, passages),
    )
    return UpdateReport(
        index_dir=str(index_dir),
        index_version=version,
        files=results,
        passages_total=len(passages),
        embedded=len(fresh),
    )
