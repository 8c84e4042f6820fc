"""yjs-qa: answer questions about youth justice inspection reports, with cited passages.

The public API is the Library class and the pydantic models below; everything else is internal.
"""

from .embed import Embedder, HashEmbedder, SentenceTransformerEmbedder
from .errors import (
    IndexMismatchError,
    IndexNotFoundError,
    InputFileError,
    ModelLoadError,
    QuestionError,
    UnknownFilterError,
    WriterBusyError,
    YjsQaError,
)
from .library import Library
from .models import (
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
from .rerank import CrossEncoderReranker, Reranker
from .retrieve import Mode

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
