"""The library's own exceptions: each message says what was wrong and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class YjsQaError(Exception):
    """Base class for every error the library raises on purpose."""


class InputFileError(YjsQaError):
    """A file could not be read or parsed (empty, binary, not UTF-8, too large, unsupported)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class IndexNotFoundError(YjsQaError):
    """No index exists where one was expected."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = str(index_dir)
        super().__init__(
            f"no index found at {self.index_dir}. "
            f"Build one with: yjs-qa index build --corpus CORPUS_DIR --index {self.index_dir}"
        )


class IndexMismatchError(YjsQaError):
    """The index was made with another model, dimension or format version, or is damaged."""

    def __init__(self, index_dir: Path | str, problem: str) -> None:
        self.index_dir = str(index_dir)
        super().__init__(
            f"the index at {self.index_dir} cannot be used: {problem}. "
            f"Rebuild it with: yjs-qa index build --rebuild --index {self.index_dir}"
        )


class WriterBusyError(YjsQaError):
    """Another process holds the index's writer lock."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = str(index_dir)
        super().__init__(
            f"another process is writing the index at {self.index_dir}; "
            "try again when it has finished, or wait for it (leave out --no-wait)"
        )


class UnknownFilterError(YjsQaError):
    """A filter value matches nothing; the message lists the valid values."""

    def __init__(self, field: str, value: str, valid: Iterable[str]) -> None:
        self.field = field
        self.value = value
        self.valid = sorted(set(valid))
        options = ", ".join(repr(v) for v in self.valid) or "(none in this index)"
        super().__init__(f"unknown {field} {value!r}. Valid values: {options}")


class QuestionError(YjsQaError):
    """The question cannot be asked as given (empty, or too long)."""


class ModelLoadError(YjsQaError):
    """The embedding model could not be found or loaded."""
