"""Readers for structured formats (PDF, HTML, DOCX): bytes in, parse.Block list out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from yjs_qa.errors import InputFileError
from yjs_qa.ingest.parse import Block

Reader = Callable[[Path, bytes], list[Block]]

# What to tell the user when a library fails on a file in a way we did not foresee.
DAMAGED_HINT = {
    "pdf": "the PDF looks damaged or truncated; download it again, or print it to a new PDF",
    "html": "the HTML could not be read; save the page again (File > Save as, 'HTML only')",
    "docx": "the DOCX looks damaged or is not a Word file; open it in Word or LibreOffice and save it again",
}


def table_block(lines: list[str]) -> Block | None:
    """A table block from rows of tab-separated cells, as parse.text_blocks makes from a .txt."""
    if not lines:
        return None
    return Block("table", "; ".join(" ".join(c for c in ln.split("\t") if c) for ln in lines), 0, lines)


def _reader(fmt: str) -> Reader:
    # Imported on demand so that a .txt-only corpus never loads pdfplumber or lxml.
    if fmt == "pdf":
        from yjs_qa.ingest.readers.pdf import read_pdf

        return read_pdf
    if fmt == "html":
        from yjs_qa.ingest.readers.html import read_html

        return read_html
    from yjs_qa.ingest.readers.docx import read_docx

    return read_docx


def read_blocks(fmt: str, path: Path, data: bytes) -> list[Block]:
    """Blocks of a PDF, HTML or DOCX file; any failure becomes an InputFileError that says what to do."""
    try:
        return _reader(fmt)(path, data)
    except InputFileError:
        raise
    except Exception as exc:  # third-party parsers raise many types; the user needs one clear error
        raise InputFileError(path, f"{DAMAGED_HINT[fmt]} ({type(exc).__name__}: {exc})") from exc
