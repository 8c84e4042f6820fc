"""One reader per file format, behind one suffix table: a file's suffix picks how it becomes blocks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from yjs_qa.errors import InputFileError
from yjs_qa.ingest.blocks import Block
from yjs_qa.ingest.readers.docx import read_docx
from yjs_qa.ingest.readers.html import read_html
from yjs_qa.ingest.readers.md import markdown_blocks
from yjs_qa.ingest.readers.pdf import read_pdf
from yjs_qa.ingest.readers.txt import text_blocks


@dataclass(frozen=True)
class Format:
    """A file format: its name in messages, and its reader. A text format's reader takes the file's
    decoded text (which stays the document's text); a structured format's takes its bytes."""

    name: str
    from_text: Callable[[str], list[Block]] | None = None
    from_bytes: Callable[[Path, bytes], list[Block]] | None = None
    # What to tell the user when a structured format's library fails in a way we did not foresee.
    damaged: str = ""


_TEXT = Format("text", from_text=text_blocks)
_MARKDOWN = Format("markdown", from_text=markdown_blocks)
_PDF = Format(
    "pdf",
    from_bytes=read_pdf,
    damaged="the PDF looks damaged or truncated; download it again, or print it to a new PDF",
)
_HTML = Format(
    "html",
    from_bytes=read_html,
    damaged="the HTML could not be read; save the page again (File > Save as, 'HTML only')",
)
_DOCX = Format(
    "docx",
    from_bytes=read_docx,
    damaged="the DOCX looks damaged or is not a Word file; open it in Word or LibreOffice and save it again",
)
# The suffix table. The readers import pdfplumber, lxml and python-docx only when they first read.
FORMATS: dict[str, Format] = {
    ".txt": _TEXT,
    ".text": _TEXT,
    ".md": _MARKDOWN,
    ".markdown": _MARKDOWN,
    ".pdf": _PDF,
    ".html": _HTML,
    ".htm": _HTML,
    ".docx": _DOCX,
}


def read_blocks(fmt: Format, path: Path, data: bytes) -> list[Block]:
    """Blocks of a structured file; any failure becomes an InputFileError that says what to do."""
    assert fmt.from_bytes is not None
    try:
        return fmt.from_bytes(path, data)
    except InputFileError:
        raise
    except Exception as exc:  # third-party parsers raise many types; the user needs one clear error
        raise InputFileError(path, f"{fmt.damaged} ({type(exc).__name__}: {exc})") from exc
