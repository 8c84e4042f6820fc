"""Read a Word .docx with python-docx: heading styles give levels, list styles bullets, tables rows."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from yjs_qa.errors import InputFileError
from yjs_qa.ingest.blocks import Block, table_block

HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"\blist\b", re.IGNORECASE)


def read_docx(path: Path, data: bytes) -> list[Block]:
    """Blocks of a .docx in document order: headings with their level, paragraphs, bullets, tables."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputFileError(
            path, "is not a valid .docx (not a zip package: an old .doc, or damaged?); save it as .docx again"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        problem = f"the .docx is damaged or incomplete ({exc}); open it in Word or LibreOffice, save it again"
        raise InputFileError(path, problem) from exc
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = _paragraph(item)
        elif isinstance(item, Table):
            block = _table(item)
        else:
            block = None
        if block is not None:
            blocks.append(block)
    return blocks


def _paragraph(p: Any) -> Block | None:
    text = " ".join(p.text.split())
    if not text:
        return None
    style = (p.style.name if p.style is not None else "") or ""
    if m := HEADING_STYLE.match(style):
        return Block("heading", text, 0, level=int(m.group(1)))
    if style.lower() == "title":
        return Block("paragraph", text, 0)  # the title line: tagging reads it as the document's title
    numbered = p._p.pPr is not None and p._p.pPr.numPr is not None  # Word's own list numbering
    if LIST_STYLE.search(style) or numbered:
        return Block("bullet", f"• {text}", 0)
    return Block("paragraph", text, 0)


def _table(table: Any) -> Block | None:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            # A merged cell repeats in every grid column it spans: keep it once.
            if not cells or text != cells[-1]:
                cells.append(text)
        if any(cells):
            lines.append("\t".join(cells))
    return table_block(lines)
