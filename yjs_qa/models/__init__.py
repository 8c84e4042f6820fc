"""Pydantic models: the public, JSON-stable contract of the library."""

from yjs_qa.models.answers import (
    Answer,
    AnswerPassage,
    AnswerSentence,
    Citation,
    FilterChoices,
    Filters,
    FilterSpec,
    Understanding,
)
from yjs_qa.models.documents import DocKind, Document, Passage, SectionKind, Span
from yjs_qa.models.ratings import (
    KeyQuestion,
    Rating,
    RatingCount,
    RatingExplanation,
    RatingSource,
    RatingsRow,
    RatingsTable,
    RatingStatement,
    RatingStep,
    Recommendation,
)
from yjs_qa.models.reports import FileResult, IndexStatus, UpdateReport, VerifyReport

__all__ = [
    "Answer",
    "AnswerPassage",
    "AnswerSentence",
    "Citation",
    "DocKind",
    "Document",
    "FileResult",
    "FilterChoices",
    "FilterSpec",
    "Filters",
    "IndexStatus",
    "KeyQuestion",
    "Passage",
    "Rating",
    "RatingCount",
    "RatingExplanation",
    "RatingSource",
    "RatingStatement",
    "RatingStep",
    "RatingsRow",
    "RatingsTable",
    "Recommendation",
    "SectionKind",
    "Span",
    "Understanding",
    "UpdateReport",
    "VerifyReport",
]
