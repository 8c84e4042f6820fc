"""Pydantic models: the public, JSON-stable contract of the library."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocKind(StrEnum):
    """What kind of publication a document is."""

    INSPECTION_REPORT = "inspection report"
    PRESS_RELEASE = "press release"
    COUNCIL_PAPER = "council paper"
    NEWS_ARTICLE = "news article"
    OTHER = "other"


class SectionKind(StrEnum):
    """What kind of section a passage comes from."""

    NARRATIVE = "narrative"
    STRENGTH = "strength"
    AREA_FOR_IMPROVEMENT = "area for improvement"
    RECOMMENDATION = "recommendation"
    KEY_FINDING = "key finding"
    KEY_QUESTIONS = "key questions"
    RATING = "rating"
    QUOTE = "quote"
    FOREWORD = "foreword"
    BACKGROUND = "background"
    DIVERSITY = "diversity"
    INVOLVEMENT = "involvement of children and families"
    NOTES = "notes to editors"
    FOOTNOTE = "footnote"
    TABLE = "table"
    FRONT_MATTER = "front matter"


class Span(BaseModel):
    """Character offsets [start, end) into a passage's text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(description="Offset of the first character.")
    end: int = Field(description="Offset one past the last character.")


class Document(BaseModel):
    """One indexed source file and what was detected about it."""

    document: str = Field(description="File name, unique within the index; the stable document key.")
    title: str = Field(description="Title as the document states it.")
    kind: DocKind = Field(description="Inspection report, press release, council paper, news...")
    service: str | None = Field(None, description="Canonical youth justice service, e.g. 'Essex'.")
    date: str | None = Field(None, description="Publication date, ISO (YYYY-MM-DD or YYYY-MM).")
    content_hash: str = Field(description="sha256 of the normalised text; identifies renamed copies.")
    source_path: str = Field(description="Path the document was read from when indexed.")
    passages: int = Field(0, description="Number of passages indexed from it.")


class Passage(BaseModel):
    """A paragraph-sized piece of a document with its structural tags."""

    id: str = Field(description="Stable id: hash of document content hash, section and text.")
    document: str = Field(description="File name of the source document.")
    ordinal: int = Field(description="Position of the passage within its document.")
    text: str = Field(description="The passage text.")
    section_path: list[str] = Field(default_factory=list, description="Heading trail.")
    section_kind: SectionKind = Field(SectionKind.NARRATIVE, description="Kind of section.")
    domain: str | None = Field(None, description="Framework domain name, e.g. 'Court disposals'.")
    domain_number: int | None = Field(None, description="Framework domain number, e.g. 2.")
    standard_code: str | None = Field(None, description="Standard number, e.g. '2.2'.")
    standard_name: str | None = Field(None, description="Standard name, e.g. 'Planning'.")
    page: int | None = Field(None, description="Page the passage starts on, where known.")
    page_end: int | None = Field(None, description="Page it ends on, if different.")
    sentences: list[Span] = Field(default_factory=list, description="Sentence offsets in text.")

    @property
    def standard(self) -> str | None:
        if self.standard_code and self.standard_name:
            return f"{self.standard_code} {self.standard_name}"
        return self.standard_name or self.standard_code

    @property
    def section(self) -> str:
        return " > ".join(self.section_path)


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


class Filters(BaseModel):
    """Filters as resolved against the index: exact values that narrowed the search."""

    services: list[str] = Field(default_factory=list, description="Allowed services.")
    domains: list[str] = Field(default_factory=list, description="Allowed domains.")
    standards: list[str] = Field(default_factory=list, description="Allowed standards ('2.2 Planning').")

    @property
    def active(self) -> bool:
        return bool(self.services or self.domains or self.standards)


class Understanding(BaseModel):
    """What the question itself names, and how each part was used to steer the search."""

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
    rating_question: bool = Field(False, description="Whether it asks how something was rated.")
    expanded: list[str] = Field(
        default_factory=list, description="Report terms the keyword search added for lay words in it."
    )
    expects: str | None = Field(
        None, description="The quantity the question asks for ('a percentage', 'a number'...), if any."
    )
    applied: dict[str, str] = Field(
        default_factory=dict, description="How each part was used: 'filter', 'boost' or 'not found'."
    )


class KeyQuestion(BaseModel):
    """One row of a case standard's key-question table: the question and its '% Yes'."""

    question: str = Field(description="The question as the table states it, e.g. 'keeping the child safe?'.")
    percent_yes: int = Field(description="Share of inspected cases answered 'Yes', 0-100.")
    band: str = Field(description="The rating band this share falls in (80+ Outstanding, 65-79 Good, ...).")


class Rating(BaseModel):
    """A rating a document states: overall (standard_code None) or for one standard, with its source."""

    service: str | None = Field(None, description="Youth justice service rated, e.g. 'East Sussex'.")
    standard_code: str | None = Field(
        None, description="Standard number, e.g. '2.1'; None for the overall rating."
    )
    standard_name: str | None = Field(None, description="Standard name, e.g. 'Assessment'; None for overall.")
    rating: str = Field(description="Outstanding, Good, Requires improvement or Inadequate.")
    score: int | None = Field(None, description="Overall score where the document states one, e.g. 25.")
    score_max: int | None = Field(None, description="What the score is out of, e.g. 36.")
    points_sum: int | None = Field(
        None, description="Overall only: the 0-3 points of the document's twelve standard ratings, added up."
    )
    key_questions: list[KeyQuestion] = Field(
        default_factory=list, description="Case standards: the key-question '% Yes' table."
    )
    key_question_band: str | None = Field(None, description="The band of the lowest key-question score.")
    note: str | None = Field(
        None, description="What the document adds, e.g. professional discretion applied."
    )
    flags: list[str] = Field(
        default_factory=list,
        description="Disagreements found: score vs standards, rating vs key-question band.",
    )
    document: str = Field(description="File name of the document that states it.")
    passage_id: str = Field(description="Id of the passage it was read from.")
    page: int | None = Field(None, description="Page of that passage, where known.")
    source: str = Field(description="How it was stated: 'ratings table', 'standard section' or 'statement'.")
    text: str = Field(description="The words it was read from.")

    @property
    def standard(self) -> str:
        """'2.1 Assessment', or 'Overall'."""
        return f"{self.standard_code} {self.standard_name}" if self.standard_code else "Overall"


class Recommendation(BaseModel):
    """A recommendation an inspection makes, with whom it is addressed to and where it is stated."""

    service: str | None = Field(None, description="Youth justice service the report is about.")
    number: int | None = Field(None, description="Its number in the report, where numbered.")
    text: str = Field(description="What should be done, as stated.")
    addressee: str = Field(
        description="Who should do it, as stated, e.g. 'Southend-on-Sea YJS Head of Service'."
    )
    addressee_kind: str = Field(
        description="Kind of addressee: board chair, management board, head of service, police, ..."
    )
    document: str = Field(description="File name of the document that states it.")
    passage_id: str = Field(description="Id of the passage it was read from.")
    page: int | None = Field(None, description="Page of that passage, where known.")


class Answer(BaseModel):
    """The answer to a question: extractive sentences and the cited passages behind them."""

    question: str
    found: bool = Field(True, description="False when the corpus does not answer the question.")
    answer: str = Field(description="Short extractive answer with [n] markers, grouped by service.")
    note: str | None = Field(None, description="Why nothing was found, when found is False.")
    confidence: float = Field(0.0, description="Cosine of the question and its closest passage.")
    sentences: list[AnswerSentence] = Field(default_factory=list)
    passages: list[AnswerPassage] = Field(default_factory=list)
    filters: Filters = Field(default_factory=Filters)
    understood: Understanding = Field(default_factory=Understanding)
    index_version: str = Field(description="Version id of the index that answered.")
    ratings: list[Rating] = Field(
        default_factory=list, description="Structured ratings, when the question asks for a rating; first."
    )
    reranker: str | None = Field(
        None, description="Name of the cross-encoder that ordered the top passages; None when none did."
    )


class FileResult(BaseModel):
    """What happened to one file in a build or add."""

    document: str
    path: str
    status: str = Field(description="added, updated, unchanged, skipped, removed or failed.")
    passages: int = 0
    reason: str | None = Field(None, description="Why it was skipped or failed.")


class UpdateReport(BaseModel):
    """The result of a build or add: what was added, updated, skipped and failed."""

    index_dir: str
    index_version: str
    files: list[FileResult] = Field(default_factory=list)
    passages_total: int = 0
    embedded: int = Field(0, description="Passages embedded in this run.")
    sentences_embedded: int = Field(
        0, description="Sentences embedded in this run (for an index that stores sentence vectors)."
    )

    def with_status(self, status: str) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    @property
    def added(self) -> list[FileResult]:
        return self.with_status("added")

    @property
    def updated(self) -> list[FileResult]:
        return self.with_status("updated")

    @property
    def unchanged(self) -> list[FileResult]:
        return self.with_status("unchanged")

    @property
    def skipped(self) -> list[FileResult]:
        return self.with_status("skipped")

    @property
    def removed(self) -> list[FileResult]:
        return self.with_status("removed")

    @property
    def failed(self) -> list[FileResult]:
        return self.with_status("failed")


class IndexStatus(BaseModel):
    """What an index holds."""

    index_dir: str
    version: str
    format_version: int
    model: str
    dimension: int
    built_at: str
    documents: list[Document]
    passages: int
    sentence_vectors: bool = Field(False, description="Whether it stores a vector for every sentence.")


class VerifyReport(BaseModel):
    """The result of checking an index: every layer of the live version must agree."""

    index_dir: str
    version: str | None = Field(None, description="The live version checked, if any.")
    ok: bool = Field(description="True when no problem was found.")
    problems: list[str] = Field(default_factory=list, description="What is wrong, one line each.")
    documents: int = 0
    passages: int = 0
