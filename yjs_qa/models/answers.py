"""Answers: cited passages, verbatim sentences, and how the question was read."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from yjs_qa.models.documents import DocKind, SectionKind, Span
from yjs_qa.models.ratings import Rating, RatingCount


class Citation(BaseModel):
    """Where a passage comes from: enough to find it in the original."""

    document: str = Field(description="File name of the source document.")
    title: str = Field(description="Document title.")
    doc_kind: DocKind = Field(description="Kind of document.")
    service: str | None = Field(None, description="Youth justice service.")
    date: str | None = Field(None, description="Publication date, ISO.")
    domain: str | None = Field(None, description="Framework domain, e.g. 'Court disposals'.")
    standard: str | None = Field(None, description="Standard, e.g. '2.2 Planning'.")
    section: str = Field("", description="Section path, e.g. 'Domain two: Court disposals > 2.2. Planning'.")
    section_kind: SectionKind = Field(SectionKind.NARRATIVE, description="Kind of section.")
    page: int | None = Field(None, description="Page the passage starts on, where known.")
    page_end: int | None = Field(None, description="Page it ends on, if different.")

    @property
    def label(self) -> str:
        """A one-line human citation."""
        parts = [self.title]
        if self.service:
            parts.append(f"{self.service} YJS")
        parts.append(self.section or self.doc_kind.value)
        if self.page is not None:
            pages = f"{self.page}-{self.page_end}" if self.page_end else str(self.page)
            parts.append(("pages " if self.page_end else "page ") + pages)
        return " · ".join(parts)


class AnswerPassage(BaseModel):
    """A retrieved passage with its score and citation."""

    rank: int = Field(description="1-based rank; the [n] marker in the answer.")
    id: str = Field(description="Stable passage id.")
    text: str = Field(description="Passage text.")
    score: float = Field(description="Fused retrieval score (higher is better).")
    dense_rank: int | None = Field(None, description="Rank in dense (embedding) search, 1-based.")
    keyword_rank: int | None = Field(None, description="Rank in keyword (BM25) search, 1-based.")
    sentence_score: float | None = Field(
        None,
        description="Cosine of the passage's best sentence to the question, for the top passages "
        "that ask re-ranks by passage and best-sentence score together; None elsewhere.",
    )
    rerank_score: float | None = Field(
        None,
        description="The cross-encoder's score for the passages it re-ordered (the top 20), when a "
        "reranker is set; None otherwise.",
    )
    citation: Citation
    highlights: list[Span] = Field(default_factory=list, description="Best sentences, as offsets.")

    # Shortcuts so callers can read the key citation fields directly off the passage.
    @property
    def document(self) -> str:
        return self.citation.document

    @property
    def title(self) -> str:
        return self.citation.title

    @property
    def service(self) -> str | None:
        return self.citation.service

    @property
    def domain(self) -> str | None:
        return self.citation.domain

    @property
    def standard(self) -> str | None:
        return self.citation.standard

    @property
    def section(self) -> str:
        return self.citation.section

    @property
    def page(self) -> int | None:
        return self.citation.page


class AnswerSentence(BaseModel):
    """One verbatim sentence of the extractive answer, pointing at its passage."""

    text: str = Field(description="The sentence, verbatim from the passage.")
    passage: int = Field(description="Rank of the passage it comes from (the [n] marker).")
    passage_id: str = Field(description="Id of that passage.")
    service: str | None = Field(None, description="Service of that passage's document.")
    start: int = Field(description="Offset of the sentence in the passage text.")
    end: int = Field(description="End offset of the sentence in the passage text.")
    score: float = Field(description="Similarity of the sentence to the question.")


class FilterSpec(BaseModel):
    """What a user asks to narrow a search by, as given: forgiving values ('southend', 'ooc', '2.2',
    'press'), several of each allowed. The front ends build one, and it travels unchanged to the
    query plan, which resolves it against the index (Filters)."""

    model_config = ConfigDict(frozen=True)

    service: tuple[str, ...] = Field((), description="Services, by name or alias.")
    domain: tuple[str, ...] = Field((), description="Domains: a name, a number or an alias ('ooc').")
    standard: tuple[str, ...] = Field((), description="Standards: '2.1', 'planning', a report's own name.")
    kind: tuple[str, ...] = Field((), description="Document kinds, or the start of their words ('press').")

    @classmethod
    def of(
        cls,
        service: str | Sequence[str] | None = None,
        domain: str | Sequence[str] | None = None,
        standard: str | Sequence[str] | None = None,
        kind: str | Sequence[str] | None = None,
    ) -> FilterSpec:
        """A spec from one value, several, or none of each; blank values are dropped."""
        return cls(
            service=_values(service), domain=_values(domain), standard=_values(standard), kind=_values(kind)
        )

    def __bool__(self) -> bool:
        return bool(self.service or self.domain or self.standard or self.kind)


def _values(value: str | Sequence[str] | None) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else list(value or ())
    return tuple(v for v in (str(i).strip() for i in items) if v)


class Filters(BaseModel):
    """Filters as resolved against the index: exact values that narrowed the search."""

    model_config = ConfigDict(frozen=True)

    services: list[str] = Field(default_factory=list, description="Allowed services.")
    domains: list[str] = Field(default_factory=list, description="Allowed domains.")
    standards: list[str] = Field(default_factory=list, description="Allowed standards ('2.2 Planning').")
    kinds: list[str] = Field(
        default_factory=list, description="Allowed document kinds ('annual report', 'press release')."
    )

    @property
    def active(self) -> bool:
        return bool(self.services or self.domains or self.standards or self.kinds)


class FilterChoices(BaseModel):
    """The values each filter takes in one index version, by what it filters: the enums of the HTTP
    API's schema and the MCP tools' input schemas (Library.filter_choices)."""

    model_config = ConfigDict(frozen=True)

    version: str = Field(description="The index version these values are of.")
    services: list[str] = Field(description="Services the documents are on.")
    domains: list[str] = Field(description="Domains the passages are tagged with.")
    standards: list[str] = Field(description="Standards the passages are tagged with.")
    kinds: list[str] = Field(description="Kinds of the documents.")
    rated_services: list[str] = Field(description="Services with a rating.")
    counted_services: list[str] = Field(description="Services with a rating or a summary count.")
    recommended_services: list[str] = Field(description="Services recommendations are made to.")
    rating_standards: list[str] = Field(description="The standards rated, 'Overall' first.")
    documents: list[str] = Field(description="File names of the documents.")


class Understanding(BaseModel):
    """What the question itself names, and how each part was used to steer the search."""

    model_config = ConfigDict(frozen=True)

    services: list[str] = Field(default_factory=list, description="Indexed services the question names.")
    unknown_services: list[str] = Field(
        default_factory=list, description="Services the question names that the index does not hold."
    )
    regions: list[str] = Field(
        default_factory=list, description="Regions the question names ('London', 'Wales', 'North West')."
    )
    unknown_names: list[str] = Field(
        default_factory=list, description="Names in the question that no indexed passage mentions."
    )
    domains: list[str] = Field(default_factory=list, description="Domains the question names.")
    standards: list[str] = Field(default_factory=list, description="Standards the question names.")
    ratings: list[str] = Field(default_factory=list, description="Rating words the question uses.")
    years: list[int] = Field(default_factory=list, description="Years the question names.")
    rating_question: bool = Field(
        False,
        description="Whether it mentions ratings (rated, score, judgement, grade): this boosts the "
        "passages that state ratings. Whether the structured ratings answer it is decided apart.",
    )
    expanded: list[str] = Field(
        default_factory=list, description="Report terms the keyword search added for lay words in it."
    )
    expects: str | None = Field(
        None, description="The quantity the question asks for ('a percentage', 'a number'...), if any."
    )
    applied: dict[str, str] = Field(
        default_factory=dict, description="How each part was used: 'filter', 'boost' or 'not found'."
    )


class Answer(BaseModel):
    """The answer to a question: extractive sentences and the cited passages behind them."""

    question: str
    found: bool = Field(True, description="False when the corpus does not answer the question.")
    answer: str = Field(description="Short extractive answer with [n] markers, grouped by service.")
    note: str | None = Field(
        None,
        description="Why nothing was found, when found is False; when found, what the ratings data "
        "lacks that the question asks for ('No 1.1 Governance and leadership rating of Slough is recorded "
        "in the indexed documents.'), the answer then coming from the passages.",
    )
    confidence: float = Field(0.0, description="Cosine of the question and its closest passage.")
    sentences: list[AnswerSentence] = Field(default_factory=list)
    passages: list[AnswerPassage] = Field(default_factory=list)
    filters: Filters = Field(default_factory=Filters)
    understood: Understanding = Field(default_factory=Understanding)
    index_version: str = Field(description="Version id of the index that answered.")
    ratings: list[Rating] = Field(
        default_factory=list, description="Structured ratings, when the question asks for a rating; first."
    )
    rating_counts: list[RatingCount] = Field(
        default_factory=list,
        description="Summary counts of ratings, where the question asks how many or only counts are stated "
        "('Outstanding in six areas').",
    )
    reranker: str | None = Field(
        None, description="Name of the cross-encoder that ordered the top passages; None when none did."
    )
