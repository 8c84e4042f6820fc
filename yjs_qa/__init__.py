"""yjs-qa: answer questions about youth justice inspection reports, with cited passages.

The public API is the Library class and the pydantic models below; everything else is internal.
"""

from yjs_qa.errors import (
    IndexMismatchError,
    IndexNotFoundError,
    InputFileError,
    ModelLoadError,
    QuestionError,
    UnknownFilterError,
    WriterBusyError,
    YjsQaError,
)
from yjs_qa.evaluate import EvalReport
from yjs_qa.index.embed import Embedder, SentenceTransformerEmbedder
from yjs_qa.index.rerank import CrossEncoderReranker, Reranker
from yjs_qa.knowledge.scale import RATINGS as _RATINGS
from yjs_qa.library import Library
from yjs_qa.models import (
    Answer,
    AnswerPassage,
    AnswerSentence,
    Citation,
    DocKind,
    Document,
    FileResult,
    FilterChoices,
    Filters,
    FilterSpec,
    IndexStatus,
    KeyQuestion,
    Passage,
    Rating,
    RatingCount,
    RatingExplanation,
    RatingSource,
    RatingsRow,
    RatingsTable,
    RatingStatement,
    RatingStep,
    Recommendation,
    SectionKind,
    Span,
    UpdateReport,
    VerifyReport,
)
from yjs_qa.query.retrieve import Mode

__version__ = "0.1.0"

# The four ratings, best first, from the one table of them (knowledge/scale.py): the names that
# filters, schemas and the page's styles use.
RATING_NAMES: tuple[str, ...] = tuple(r.name for r in _RATINGS)

__all__ = [
    "RATING_NAMES",
    "Answer",
    "AnswerPassage",
    "AnswerSentence",
    "Citation",
    "CrossEncoderReranker",
    "DocKind",
    "Document",
    "Embedder",
    "EvalReport",
    "FileResult",
    "FilterChoices",
    "FilterSpec",
    "Filters",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexStatus",
    "InputFileError",
    "KeyQuestion",
    "Library",
    "Mode",
    "ModelLoadError",
    "Passage",
    "QuestionError",
    "Rating",
    "RatingCount",
    "RatingExplanation",
    "RatingSource",
    "RatingStatement",
    "RatingStep",
    "RatingsRow",
    "RatingsTable",
    "Recommendation",
    "Reranker",
    "SectionKind",
    "SentenceTransformerEmbedder",
    "Span",
    "UnknownFilterError",
    "UpdateReport",
    "VerifyReport",
    "WriterBusyError",
    "YjsQaError",
    "__version__",
]
