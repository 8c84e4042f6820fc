"""Documents and passages: what ingest makes and the index stores."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocKind(StrEnum):
    """What kind of publication a document is."""

    INSPECTION_REPORT = "inspection report"
    PRESS_RELEASE = "press release"
    COUNCIL_PAPER = "council paper"
    NEWS_ARTICLE = "news article"
    ANNUAL_REPORT = "annual report"  # the inspectorate's national annual report, or its press release
    THEMATIC_INSPECTION = "thematic inspection"  # a national inspection of one topic, or its release
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
    tag_note: str | None = Field(
        None,
        description="Why the service is unknown, when it is (e.g. 'no youth justice service named'), or "
        "that the tagged service is not in the services table ('Testshire' is not in the services table: "
        "the document names it as its service). Set it with `yjs-qa add FILE --service S` or metadata.csv.",
    )
    framework: str | None = Field(
        None,
        description="The inspection framework edition it falls under, from its date: '2018-2024' or "
        "'2025'; None for a national publication or an unknown date.",
    )
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
