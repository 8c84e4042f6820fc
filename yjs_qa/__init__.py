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
from yjs_qa.index.embed import Embedder, HashEmbedder, SentenceTransformerEmbedder
from yjs_qa.library import Library
from yjs_qa.models import (
    Answer,
    AnswerPassage,
    AnswerSentence,
    Citation,
    DocKind,
    Document,
    FileResult,
    Filters,
    IndexStatus,
    KeyQuestion,
    Passage,
    Rating,
    Recommendation,
    SectionKind,
    Span,
    UpdateReport,
    VerifyReport,
)
from yjs_qa.query.rerank import CrossEncoderReranker, Reranker
from yjs_qa.query.retrieve import Mode

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "AnswerPassage",
    "AnswerSentence",
    "Citation",
    "CrossEncoderReranker",
    "DocKind",
    "Document",
    "Embedder",
    "FileResult",
    "Filters",
    "HashEmbedder",
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
