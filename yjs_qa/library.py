"""The Library: one object under both the CLI and the Python API."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from . import onnx_embed, steer, store, update
from .answer import (
    SENTENCE_POOL,
    UNJUDGED_KINDS,
    ScoredSentence,
    answer_text,
    best_sentences,
    best_similarity,
    rerank_scores,
    score_sentences,
    sentence_evidence,
)
from .answer_type import Expectation, any_states, states
from .embed import MODEL_ENV, Embedder, HashEmbedder, SentenceTransformerEmbedder
from .errors import IndexMismatchError, ModelLoadError, QuestionError, YjsQaError
from .filters import Columns, FilterValue
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
    VerifyReport,
)
from .rating_questions import is_rating_question, rating_query
from .rating_select import (
    ratings_matching,
    select,
    select_recommendations,
    services_matching,
    standard_labels,
    standards_matching,
)
from .rerank import RERANK_DEPTH, RERANKER_ENV, CrossEncoderReranker, Reranker
from .retrieve import Hit, Mode, apply_boost, diversify, search, spread
from .steer import QueryPlan
from .update import Progress

MAX_QUESTION_CHARS = 2000
# Below this cosine between the question and its closest passage, the corpus does not answer it.
# Calibrated on the gold set's answerable and no-answer questions (README, "Saying not found").
NOT_FOUND_COSINE = 0.25
NOT_FOUND_SENTENCE = 0.30
# Whatever the passages' similarity (a service's name alone can lift it), if no sentence of the top
# passages comes this close, nothing answers. Answerable gold questions' best sentences: >= 0.24.
NOT_FOUND_SENTENCE_ALONE = 0.20
NOT_FOUND_TEXT = "No passage in the corpus answers this. The nearest passages are listed below."
DEFAULT_K = 8
# A quantity question whose top passages state no quantity may take one passage that does from this
# deep in the ranking, if that passage's sentence then answers best of all (see _typed_rerank).
QUANTITY_DEPTH = 20
PathLike = str | os.PathLike[str]


class Library:
    """An opened index: ask questions, search, add and remove reports, check and describe it.

    A Library follows the index it was opened on: when another process publishes a new version,
    the next question is answered from it. Each answer comes from exactly one version.
    """

    def __init__(
        self,
        index_dir: Path,
        data: store.IndexData,
        embedder: Embedder | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        self.index_dir = index_dir
        self._embedder = embedder
        self._indexer: Embedder | None = None  # sentence-transformers for adds; see _indexing_embedder
        self._reranker = reranker
        # Read now, loaded on the first question: a bad path must not stop `status` or `add`.
        configured = os.environ.get(RERANKER_ENV, "").strip() or None
        self._reranker_path = None if reranker is not None else configured
        self._load(data)

    def _load(self, data: store.IndexData) -> None:
        self._data = data
        self._docs = {d.document: d for d in data.manifest.documents}
        # Filters, boosts and spreading read per-row columns stored with the version, so neither
        # opening nor a question parses every passage; a question parses only the rows it returns.
        rows = data.columns_of()
        self._columns = Columns.from_rows(rows, self._docs)
        names = rows.vocab["document"]
        service_of = np.array([self._docs[n].service for n in names] + [None], dtype=object)
        self._services: list[str | None] = service_of[rows.codes[:, 0]].tolist()  # None: no service
        if self._embedder is not None:
            self._check_model(self._embedder)

    # --- opening, building, changing -----------------------------------------------------

    @classmethod
    def open(
        cls, index_dir: PathLike, *, embedder: Embedder | None = None, reranker: Reranker | None = None
    ) -> Library:
        """Open an existing index. The model loads on first use unless one is given.

        `reranker` (optional, e.g. CrossEncoderReranker(path)) re-orders the top RERANK_DEPTH passages
        of ask and hybrid search; without one, $YJS_QA_RERANKER names a cross-encoder folder to load
        on the first question, and with neither nothing is re-ordered (the default)."""
        path = Path(index_dir)
        return cls(path, store.load(path), embedder, reranker)

    @classmethod
    def build(
        cls,
        corpus_dir: PathLike,
        index_dir: PathLike,
        *,
        embedder: Embedder | None = None,
        prune: bool = False,
        rebuild: bool = False,
        progress: Progress | None = None,
        wait: float = -1,
        sentence_vectors: bool | None = None,
    ) -> Library:
        """Build an index from every supported file under `corpus_dir`, or refresh an existing one.

        Unchanged documents are not re-embedded. With `prune`, documents whose files are gone from
        the corpus are dropped; with `rebuild`, everything is embedded afresh. `wait` is how long to
        wait for another writer (seconds; -1 forever, 0 fail at once). `sentence_vectors` stores a
        vector for every sentence, so questions need not embed the sentences of their top passages
        (faster questions, about twice the embedding at build time); True or False turns it on or
        off, None keeps what the index records (on for a new one). Adds and removes follow it.
        """
        lib, _ = cls.build_with_report(
            corpus_dir,
            index_dir,
            embedder=embedder,
            prune=prune,
            rebuild=rebuild,
            progress=progress,
            wait=wait,
            sentence_vectors=sentence_vectors,
        )
        return lib

    @classmethod
    def build_with_report(
        cls,
        corpus_dir: PathLike,
        index_dir: PathLike,
        *,
        embedder: Embedder | None = None,
        prune: bool = False,
        rebuild: bool = False,
        progress: Progress | None = None,
        wait: float = -1,
        sentence_vectors: bool | None = None,
    ) -> tuple[Library, UpdateReport]:
        """Like build, and also say what happened to each file."""
        corpus = Path(corpus_dir)
        if not corpus.is_dir():
            raise YjsQaError(f"corpus folder {corpus} does not exist or is not a folder")
        files, skipped = update.discover(corpus)
        report = update.apply(
            Path(index_dir),
            files=files,
            skipped=skipped,
            prune=prune,
            rebuild=rebuild,
            embedder_factory=lambda: embedder or SentenceTransformerEmbedder(),
            progress=progress,
            wait=wait,
            sentence_vectors=sentence_vectors,
        )
        return cls.open(index_dir, embedder=embedder), report

    def add(
        self, paths: Iterable[PathLike], *, progress: Progress | None = None, wait: float = -1
    ) -> UpdateReport:
        """Add or update reports (files or folders); returns what was added, skipped and failed."""
        files: list[Path] = []
        skipped: list[FileResult] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found, other = update.discover(path)
                files += found
                skipped += other
            else:
                files.append(path)  # named explicitly: an unsupported type fails, with its reason
        return self._apply(files=files, skipped=skipped, progress=progress, wait=wait)

    def remove(self, documents: Iterable[str], *, wait: float = -1) -> UpdateReport:
        """Drop documents (by file name) from the index, from every layer at once."""
        return self._apply(remove=list(documents), wait=wait)

    def _apply(self, **kwargs: object) -> UpdateReport:
        report = update.apply(
            self.index_dir,
            embedder_factory=self._indexing_embedder,
            loaded=self._data,
            **kwargs,  # type: ignore[arg-type]
        )
        if report.index_version != self._data.manifest.version:
            self._load(store.load(self.index_dir))
        return report

    def _indexing_embedder(self) -> Embedder:
        """What embeds new passages: the caller's own embedder if one was given, else
        sentence-transformers (on CUDA where there is a GPU), never the ONNX copy kept for questions."""
        if self._embedder is not None and not isinstance(self._embedder, onnx_embed.OnnxEmbedder):
            return self._embedder
        if self._indexer is None:  # loaded once: a second add need not load the model again
            embedder = SentenceTransformerEmbedder()
            self._check_model(embedder)
            self._indexer = embedder
        return self._indexer

    def refresh(self) -> bool:
        """Switch to the newest published version, if there is one; True if it changed."""
        current = store.current_version(self.index_dir)
        if current is None or current == self._data.manifest.version:
            return False
        self._load(store.load(self.index_dir))
        return True

    # --- asking ---------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        """The query model, loaded on first use: the index's ONNX export, else sentence-transformers."""
        if self._embedder is None:
            m = self._data.manifest
            # ONNX when the index has an export of its weights: no torch import on the query path.
            # YJS_QA_MODEL=hash: the fast fake model, for tests of other processes (the CLI, MCP).
            embedder: Embedder = (
                HashEmbedder()
                if os.environ.get(MODEL_ENV, "").strip() == "hash"
                else onnx_embed.for_queries(self.index_dir, m.model, m.dimension, m.model_fingerprint)
            )
            self._check_model(embedder)
            self._embedder = embedder
        return self._embedder

    @property
    def reranker(self) -> Reranker | None:
        """The cross-encoder ask and hybrid search re-order by: the one given, else $YJS_QA_RERANKER's."""
        if self._reranker is None and self._reranker_path is not None:
            self._reranker = CrossEncoderReranker(self._reranker_path)
        return self._reranker

    def _check_model(self, embedder: Embedder) -> None:
        m = self._data.manifest
        if embedder.name != m.model or embedder.dimension != m.dimension:
            raise IndexMismatchError(
                self.index_dir,
                f"it was built with model {m.model!r} ({m.dimension} dims) but the model in use is "
                f"{embedder.name!r} ({embedder.dimension} dims)",
            )
        if m.model_fingerprint and embedder.fingerprint != m.model_fingerprint:
            raise IndexMismatchError(
                self.index_dir,
                f"the weights of {embedder.name!r} differ from those it was built with "
                f"(fingerprint {embedder.fingerprint}, index has {m.model_fingerprint})",
            )

    def _retrieve(
        self,
        question: str,
        *,
        mode: Mode,
        service: FilterValue,
        domain: FilterValue,
        standard: FilterValue,
    ) -> tuple[QueryPlan, list[Hit], np.ndarray | None]:
        self.refresh()
        qplan = steer.plan(
            question,
            self._columns,
            self._data.keyword.vocab_dict,
            service=service,
            domain=domain,
            standard=standard,
        )
        qvec = self.embedder.encode_query(question) if mode != Mode.KEYWORD else None
        hits = search(
            self._data,
            question,
            qvec,
            mode=mode,
            allowed=qplan.allowed,
            keyword_query=qplan.keyword_query(question),
        )
        hits = apply_boost(hits, qplan.boost)
        if qplan.spread:
            hits = spread(hits, self._services)
        return qplan, diversify(self._data, hits), qvec

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
        question = _check_question(question, k)
        mode = Mode(mode)
        _, hits, _ = self._retrieve(question, mode=mode, service=service, domain=domain, standard=standard)
        if mode == Mode.HYBRID:  # dense and keyword stay single-method rankings, for comparison
            hits = self._cross_rerank(question, hits)
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
        question = _check_question(question, k)
        qplan, hits, qvec = self._retrieve(
            question, mode=Mode.HYBRID, service=service, domain=domain, standard=standard
        )
        assert qvec is not None  # hybrid mode always embeds the question
        # A question about a service the index lacks gets no one else's ratings.
        ratings, unrated = ([], None) if qplan.not_found else self._asked_ratings(question, service)
        reranker = self.reranker
        # A cross-encoder's order stands: the sentences are still scored (for the answer and for
        # "not found"), but they re-order the top passages only when no cross-encoder has.
        hits = self._cross_rerank(question, hits)
        reorder = reranker is None
        hits, scored = (
            self._typed_rerank(hits, qvec, qplan.expectation, reorder=reorder)
            if qplan.expectation
            else self._rerank_by_sentences(hits, qvec, reorder=reorder)
        )
        passages = [self._answer_passage(rank, hit) for rank, hit in enumerate(hits[:k], 1)]
        confidence = max((h.dense_score for h in hits[:k]), default=0.0)
        sentences = best_sentences(scored, passages)
        # A rating question is answered by the structured rating first, then by the passages.
        why_not = None if ratings else (qplan.not_found or unrated)
        best_sentence = sentences[0].score if sentences else 0.0
        wanted = qplan.expectation
        if why_not is None and not ratings:
            if best_sentence < NOT_FOUND_SENTENCE_ALONE or (
                confidence < NOT_FOUND_COSINE and best_sentence < NOT_FOUND_SENTENCE
            ):
                why_not = (
                    f"no passage or sentence is close to the question (best similarity "
                    f"{confidence:.2f}, best sentence {best_sentence:.2f})"
                )
            elif wanted and not any_states(wanted, (s.text for s in scored)):
                why_not = f"the question asks for {wanted.name}, and no sentence close to it states one"
        if why_not:
            sentences = []
        text = "\n".join(x for x in (rating_summary(ratings), answer_text(sentences, passages)) if x)
        return Answer(
            question=question,
            found=why_not is None,
            answer=NOT_FOUND_TEXT if why_not else text,
            note=why_not,
            confidence=round(confidence, 4),
            ratings=ratings,
            sentences=sentences,
            passages=passages,
            filters=qplan.filters,
            understood=qplan.understood,
            index_version=self._data.manifest.version,
            reranker=None if reranker is None else reranker.name,
        )

    def _cross_rerank(self, question: str, hits: list[Hit]) -> list[Hit]:
        """The top RERANK_DEPTH hits in the reranker's order (ties keep their order), the rest after
        them as they were; unchanged when there is no reranker."""
        reranker = self.reranker
        if reranker is None or not hits:
            return hits
        top = hits[:RERANK_DEPTH]
        scores = reranker.score(question, [self._data.passages[h.row].text for h in top])
        if len(scores) != len(top):
            raise ModelLoadError(
                f"the reranker {reranker.name!r} gave {len(scores)} scores for {len(top)} passages"
            )
        for h, score in zip(top, scores, strict=True):
            h.rerank_score = float(score)
        order = sorted(range(len(top)), key=lambda i: -scores[i])
        # Near-duplicates (a press release repeating its report) stay out of the top, as in search.
        return diversify(self._data, [top[i] for i in order] + hits[RERANK_DEPTH:])

    def _typed_rerank(
        self, hits: list[Hit], qvec: np.ndarray, wanted: Expectation, *, reorder: bool = True
    ) -> tuple[list[Hit], list[ScoredSentence]]:
        """_rerank_by_sentences for a question that asks for a quantity ("how many volunteers").

        When no sentence of the top passages states one, the best-ranked passage down to
        QUANTITY_DEPTH that does takes the last place among them. It is kept only if its stating
        sentence is then the closest sentence to the question: evidence pulled from deeper in the
        ranking must beat everything above it, or a question the corpus cannot answer would be
        "answered" by any figure found further down. With `reorder` False (a cross-encoder has ordered
        the hits) the pulled passage is the only change to their order.
        """
        ranked, scored = self._rerank_by_sentences(hits, qvec, reorder=reorder)
        if any_states(wanted, (s.text for s in scored)):
            return ranked, scored
        deeper = next((h for h in hits[SENTENCE_POOL:QUANTITY_DEPTH] if self._states(wanted, h.row)), None)
        if deeper is None:
            return ranked, scored
        trial = [*hits[: SENTENCE_POOL - 1], deeper]
        trial += [h for h in hits[SENTENCE_POOL - 1 :] if h is not deeper]
        # The four passages that stay were scored already: only the pulled one's sentences are new.
        staying = {self._data.passages[h.row].id for h in trial[: SENTENCE_POOL - 1]}
        scored2 = [s for s in scored if s.passage_id in staying] + self._score_pool([deeper], qvec)
        ranked2 = self._order_pool(trial, scored2, reorder)
        best = max(scored2, key=lambda s: s.similarity, default=None)
        pulled_id = self._data.passages[deeper.row].id
        if best is not None and best.passage_id == pulled_id and states(wanted, best.text):
            # It holds the answer: it leads, unless a cross-encoder has set the order.
            return ([deeper, *(h for h in ranked2 if h is not deeper)] if reorder else ranked2), scored2
        deeper.sentence_score = None  # not kept: its sentence score came from the trial alone
        return ranked, scored

    def _states(self, wanted: Expectation, row: int) -> bool:
        """Whether a sentence of the passage at `row` states the quantity the question asks for."""
        p = self._data.passages[row]
        return any(states(wanted, p.text[s.start : s.end]) for s in p.sentences)

    def _rerank_by_sentences(
        self, hits: list[Hit], qvec: np.ndarray, *, reorder: bool = True
    ) -> tuple[list[Hit], list[ScoredSentence]]:
        """Score the sentences of the top hits; re-rank those hits by passage + best sentence
        (unless not `reorder`: then the hits keep their order)."""
        scored = self._score_pool(hits[:SENTENCE_POOL], qvec)
        return self._order_pool(hits, scored, reorder), scored

    def _score_pool(self, pool: Sequence[Hit], qvec: np.ndarray) -> list[ScoredSentence]:
        """The sentences of `pool`'s passages with their similarity to the question: vectors read
        from the index when it stores them, else embedded now."""
        passages = [self._data.passages[h.row] for h in pool]
        stored = self._data.sentence_vectors
        vectors = (
            None
            if stored is None
            else [stored.of(h.row, len(p.sentences)) for h, p in zip(pool, passages, strict=True)]
        )
        return score_sentences(qvec, passages, self.embedder, vectors)

    def _order_pool(self, hits: list[Hit], scored: list[ScoredSentence], reorder: bool) -> list[Hit]:
        """Give the top hits their best sentence's score and, with `reorder`, re-rank them by passage
        and sentence evidence together."""
        pool = hits[:SENTENCE_POOL]
        passages = [self._data.passages[h.row] for h in pool]
        best = best_similarity(scored)
        for h, p in zip(pool, passages, strict=True):
            h.sentence_score = best.get(p.id)
        if not reorder:
            return hits
        evidence = sentence_evidence(
            [h.sentence_score for h in pool], [p.section_kind in UNJUDGED_KINDS for p in passages]
        )
        combined = rerank_scores([h.score for h in pool], evidence)
        order = sorted(range(len(pool)), key=lambda i: (-combined[i], pool[i].row))
        # Near-duplicates may have come together again; keep them apart as search does.
        return diversify(self._data, [pool[i] for i in order] + hits[SENTENCE_POOL:])

    def _answer_passage(self, rank: int, hit: Hit) -> AnswerPassage:
        p = self._data.passages[hit.row]
        return AnswerPassage(
            rank=rank,
            id=p.id,
            text=p.text,
            score=round(float(hit.score), 6),
            dense_rank=hit.dense_rank,
            keyword_rank=hit.keyword_rank,
            sentence_score=None if hit.sentence_score is None else round(hit.sentence_score, 4),
            rerank_score=None if hit.rerank_score is None else round(hit.rerank_score, 6),
            citation=self.citation(p),
        )

    def citation(self, p: Passage) -> Citation:
        """The citation of a stored passage."""
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

    @property
    def version(self) -> str:
        return self._data.manifest.version

    def status(self) -> IndexStatus:
        """What the index holds: documents, passages, model, when built."""
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
            sentence_vectors=m.sentence_vectors,
        )

    @classmethod
    def verify_at(cls, index_dir: PathLike) -> VerifyReport:
        """Verify the index at `index_dir`, including one too damaged to open."""
        try:
            return cls.open(index_dir).verify()
        except YjsQaError:
            return store.verify(Path(index_dir))

    def verify(self) -> VerifyReport:
        """Check that every layer of the live version agrees (store.verify), and that the ONNX
        export questions run through, if there is one, still has the bytes it was written with."""
        report = store.verify(self.index_dir)
        folder = onnx_embed.export_dir(self.index_dir, self._data.manifest.model_fingerprint)
        if self._data.manifest.model_fingerprint and folder.exists():
            try:
                onnx_embed.check_export(folder, full=True)
            except ModelLoadError as exc:
                report.problems.append(
                    f"{exc}; delete {folder} and run `yjs-qa index build` to export the model again"
                )
                report.ok = False
        return report

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
            standards=standards_matching(standard, standard_labels(data.ratings)),
            values=ratings_matching(rating),
            kinds={d.document: d.kind for d in data.manifest.documents},
            unique=unique,
        )

    def recommendations(self, service: FilterValue = None) -> list[Recommendation]:
        """Recommendations the indexed documents state, with whom each is addressed to."""
        known = [r.service for r in self._data.recommendations if r.service]
        return select_recommendations(self._data.recommendations, services_matching(service, known))

    def _asked_ratings(self, question: str, service: FilterValue) -> tuple[list[Rating], str | None]:
        """The structured ratings a rating question asks for (empty for other questions), and why
        there are none when the documents show there is none to give."""
        if not is_rating_question(question):  # most questions: no pass over the ratings
            return [], None
        known = sorted({r.service for r in self._data.ratings if r.service})
        query = rating_query(question, known, standard_labels(self._data.ratings))
        if query is None:
            return [], None
        services = query.services or services_matching(service, known)
        ratings = self._data.ratings
        kinds = {d.document: d.kind for d in self._data.manifest.documents}
        values = [query.rating] if query.rating else []
        chosen = select(
            ratings, services=services, standards=query.standards, values=values, kinds=kinds, unique=True
        )
        # A service whose ratings table was read, asked about a standard the table does not rate
        # (a 2019 report has no 4.1; a 2025 report no 2.1 Assessment): no passage will say more.
        tabled = {r.service for r in ratings if r.source == "ratings table"}
        asked = [s for s in query.standards if s is not None]
        if chosen or query.rating or not services or not asked or not tabled.issuperset(services):
            return chosen, None
        return [], f"the ratings {', '.join(services)} received do not include {', '.join(asked)}"


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


def _check_question(question: str, k: int) -> str:
    if k < 1:
        raise QuestionError(f"k must be at least 1, got {k}")
    question = " ".join((question or "").split())
    if not question:
        raise QuestionError(
            "the question is empty; ask something, e.g. 'what did inspectors say about planning?'"
        )
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question):,} characters, over the {MAX_QUESTION_CHARS:,} limit; shorten it"
        )
    return question
