"""The Library: one thin object under the CLI and the Python API.

It opens an index and hands each question through the query steps in order (plan -> retrieve -> rank
-> compose -> policy, in yjs_qa/query/); building and changing the index is yjs_qa/index/apply_update.py's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Unpack

from yjs_qa.errors import YjsQaError
from yjs_qa.evaluate import EvalReport, evaluate
from yjs_qa.index import apply_update, corrections, model_choice, store
from yjs_qa.index.apply_update import BuildOptions
from yjs_qa.index.embed import Embedder
from yjs_qa.index.model_choice import Models
from yjs_qa.index.rerank import Reranker
from yjs_qa.index.verify import verify as verify_index
from yjs_qa.index.version_data import IndexData
from yjs_qa.index.write_version import Progress
from yjs_qa.knowledge.filter_values import FilterValue
from yjs_qa.library_ratings import RatingsMixin
from yjs_qa.models import (
    Answer,
    AnswerPassage,
    Citation,
    Document,
    Filters,
    FilterSpec,
    IndexStatus,
    Passage,
    UpdateReport,
    VerifyReport,
)
from yjs_qa.query import compose, steps
from yjs_qa.query.plan import spec_of
from yjs_qa.query.retrieve import Mode
from yjs_qa.query.view import IndexView
from yjs_qa.settings import SETTINGS

PathLike = str | os.PathLike[str]


class Library(RatingsMixin):
    """An opened index: ask questions, search, add and remove reports, check and describe it.

    A Library follows the index it was opened on: when another process publishes a new version,
    the next question is answered from it. Each answer comes from exactly one version.
    """

    def __init__(
        self,
        index_dir: Path,
        data: IndexData,
        embedder: Embedder | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        self.index_dir = index_dir
        self._models = Models(index_dir, embedder, reranker)
        self._load(data)

    def _load(self, data: IndexData) -> None:
        corrections.use_services(self.index_dir)  # the services a user added know their names
        self._view = IndexView.of(data)
        self._models.check_loaded(data.manifest)

    @classmethod
    def open(
        cls, index_dir: PathLike, *, embedder: Embedder | None = None, reranker: Reranker | None = None
    ) -> Library:
        """Open an existing index. The model loads on first use unless one is given.

        `reranker` (optional, e.g. CrossEncoderReranker(path)) re-orders the top passages of ask and
        hybrid search (settings.query.rerank_depth); without one, $YJS_QA_RERANKER names a cross-encoder
        folder to load on the first question, and with neither nothing is re-ordered (the default)."""
        path = Path(index_dir)
        return cls(path, store.load(path), embedder, reranker)

    @classmethod
    def build(
        cls,
        corpus_dir: PathLike,
        index_dir: PathLike,
        *,
        embedder: Embedder | None = None,
        **options: Unpack[BuildOptions],
    ) -> Library:
        """Build an index from every supported file under `corpus_dir`, or refresh an existing one;
        unchanged documents are not re-embedded. Options (BuildOptions): `prune`, `rebuild`,
        `progress(done, total)`, `wait` (seconds for another writer; -1 forever, 0 not at all) and
        `sentence_vectors` (None keeps the index's setting). A corpus's metadata.csv, ratings.csv
        and services.csv set tags, ratings and services (see `add`; docs/cli.md)."""
        return cls.build_with_report(corpus_dir, index_dir, embedder=embedder, **options)[0]

    @classmethod
    def build_with_report(
        cls,
        corpus_dir: PathLike,
        index_dir: PathLike,
        *,
        embedder: Embedder | None = None,
        **options: Unpack[BuildOptions],
    ) -> tuple[Library, UpdateReport]:
        """Like build, and also say what happened to each file."""
        found = apply_update.corpus_files(Path(corpus_dir))
        factory = lambda: model_choice.for_indexing(embedder)  # noqa: E731
        report = apply_update.apply(Path(index_dir), **found.given(), embedder_factory=factory, **options)
        return cls.open(index_dir, embedder=embedder), report

    def add(
        self,
        paths: Iterable[PathLike],
        *,
        service: str | None = None,
        kind: str | None = None,
        date: str | None = None,
        ratings: Mapping[str, str] | None = None,
        progress: Progress | None = None,
        wait: float = -1,
    ) -> UpdateReport:
        """Add or update reports (files or folders); returns what was added, skipped and failed.
        `service` (a name or alias in the services table, or a service it lacks, noted as such),
        `kind` (a DocKind value) and `date` (YYYY[-MM[-DD]]) set those tags on every file added;
        `ratings` ({'overall': 'Good', '2.1': 'Inadequate'}; 'none' drops one read in error) the
        ratings they state. All are kept through refreshes and rebuilds (index/corrections.py)."""
        found = apply_update.files_to_add((Path(p) for p in paths), service, kind, date, ratings)
        return self._apply(**found.given(), progress=progress, wait=wait)

    def remove(self, documents: Iterable[str], *, wait: float = -1) -> UpdateReport:
        """Drop documents (by file name) from the index, from every layer at once."""
        return self._apply(remove=list(documents), wait=wait)

    def _apply(self, **kwargs: object) -> UpdateReport:
        data = self._view.data
        embedder = lambda: self._models.indexing(data.manifest)  # noqa: E731
        report = apply_update.apply(self.index_dir, embedder_factory=embedder, loaded=data, **kwargs)  # type: ignore[arg-type]
        if report.index_version != data.manifest.version:
            self._load(store.load(self.index_dir))
        return report

    def refresh(self) -> bool:
        """Switch to the newest published version, if there is one; True if it changed."""
        current = store.current_version(self.index_dir)
        if current is None or current == self._view.version:
            return False
        self._load(store.load(self.index_dir))
        return True

    # --- asking: plan -> retrieve -> rank -> compose -> policy ------------------------------

    @property
    def embedder(self) -> Embedder:
        """The query model, loaded on first use: the index's ONNX export, else sentence-transformers."""
        return self._models.query(self._view.data.manifest)

    @property
    def reranker(self) -> Reranker | None:
        """The cross-encoder ask and hybrid search re-order by: the one given, else $YJS_QA_RERANKER's."""
        return self._models.reranker()

    def ask(
        self,
        question: str,
        k: int | None = None,
        *,
        filters: FilterSpec | None = None,
        service: FilterValue = None,
        domain: FilterValue = None,
        standard: FilterValue = None,
        kind: FilterValue = None,
    ) -> Answer:
        """Answer `question` with extractive sentences and the k passages behind them (k: the
        settings' default_k unless given). Narrow it with `filters`, or the same as keywords."""
        spec = spec_of(filters, FilterSpec.of(service, domain, standard, kind))
        self.refresh()
        k = SETTINGS.query.default_k if k is None else k
        return steps.ask(self._view, question, k, spec, lambda: self.embedder, self.reranker)

    def search(
        self,
        question: str,
        k: int = 10,
        *,
        mode: Mode | str = Mode.HYBRID,
        filters: FilterSpec | None = None,
        service: FilterValue = None,
        domain: FilterValue = None,
        standard: FilterValue = None,
        kind: FilterValue = None,
    ) -> list[AnswerPassage]:
        """Ranked, cited passages for `question`; `mode` picks hybrid, dense or keyword."""
        spec = spec_of(filters, FilterSpec.of(service, domain, standard, kind))
        self.refresh()
        return steps.search(self._view, question, k, Mode(mode), spec, lambda: self.embedder, self.reranker)

    def citation(self, p: Passage) -> Citation:
        """The citation of a stored passage."""
        return compose.citation(self._view.docs[p.document], p)

    @staticmethod
    def exists(index_dir: PathLike) -> bool:
        """Whether `index_dir` holds a published index."""
        return store.exists(Path(index_dir))

    @staticmethod
    def stores_sentence_vectors(index_dir: PathLike) -> bool:
        """Whether a build or add into `index_dir` embeds sentences too (on for a new index)."""
        return store.recorded_sentence_vectors(Path(index_dir))

    def evaluate(self, questions_file: PathLike) -> EvalReport:
        """Score this index on a question file (eval/questions.jsonl's format): yjs_qa.evaluate."""
        return evaluate(self, Path(questions_file))

    @property
    def passages(self) -> list[Passage]:
        return list(self._view.data.passages)

    @property
    def documents(self) -> list[Document]:
        """Every indexed document: service, kind, date, passages, and why a service is unknown."""
        return list(self._view.data.manifest.documents)

    def passages_of(self, document: str) -> list[Passage]:
        """One document's passages in reading order (empty for a name the index lacks)."""
        return self._view.passages_of(document)

    def filter_values(self) -> Filters:
        """The values `service`, `domain` and `standard` can take in this index."""
        return self._view.filter_values()

    @property
    def version(self) -> str:
        return self._view.version

    def status(self) -> IndexStatus:
        """What the index holds: documents, passages, model, when built."""
        return store.status(self.index_dir, self._view.data.manifest)

    @classmethod
    def verify_at(cls, index_dir: PathLike) -> VerifyReport:
        """Verify the index at `index_dir`, including one too damaged to open."""
        try:
            return cls.open(index_dir).verify()
        except YjsQaError:
            return verify_index(Path(index_dir))

    def verify(self) -> VerifyReport:
        """Check that every layer of the live version agrees (yjs_qa.index.verify), and that the ONNX
        export questions run through, if there is one, still has the bytes it was written with."""
        return model_choice.verify_export(
            self.index_dir, self._view.data.manifest, verify_index(self.index_dir)
        )
