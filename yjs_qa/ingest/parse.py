"""Read report files safely and turn them into raw blocks (paragraphs, bullets, tables, lines)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from yjs_qa.errors import InputFileError
from yjs_qa.knowledge.patterns import BULLET_MARK as BULLET

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
BINARY_FORMATS = {"pdf", "html", "docx"}  # read as bytes by their own reader in yjs_qa/readers/
# Files in a corpus folder that describe it rather than belong to it.
IGNORED_NAMES = {"sources.md", "readme.md", "license", "license.md", "license.txt"}
DEFAULT_MAX_BYTES = 50_000_000  # decimal MB, as the messages print them


@dataclass
class Block:
    """A run of text from the source: a paragraph, one bullet, a table, or a heading candidate."""

    kind: str  # "paragraph", "bullet", "table", "heading", "caption", "footnote"
    text: str
    offset: int  # character offset in the source text, for page estimation
    lines: list[str] = field(default_factory=list)  # raw lines for tables
    level: int | None = None  # heading level where the format states it (markdown)
    page: int | None = None  # page it starts on, where the format has pages (PDF)
    page_end: int | None = None  # page it ends on, when it runs over a page break
    # (page, first words on that page) for each page break inside the text, to place split pieces
    page_marks: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class RawDocument:
    path: Path
    text: str
    blocks: list[Block]


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and path.name.lower() not in IGNORED_NAMES


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file's bytes, refusing missing, empty and oversized files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputFileError(path, "file not found (was it moved or deleted?)") from exc
    except OSError as exc:
        raise InputFileError(path, f"cannot read file: {exc.strerror}") from exc
    if size == 0:
        raise InputFileError(path, "file is empty; nothing to index")
    if size > max_bytes:
        raise InputFileError(
            path,
            f"file is {_size(size)}, over the {_size(max_bytes)} limit; "
            "split it, or raise YJS_QA_MAX_FILE_MB",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(path, f"cannot read file: {exc.strerror}") from exc


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file as UTF-8 text, refusing empty, binary, oversized and undecodable files."""
    data = read_bytes(path, max_bytes)
    if b"\x00" in data[:8192]:
        raise InputFileError(path, "looks like a binary file, not text; expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            path, f"is not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8"
        ) from exc
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    if not text.strip():
        raise InputFileError(path, "file has no text (only whitespace); nothing to index")
    return text


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def parse_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read `path` and split it into blocks according to its format."""
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise InputFileError(path, f"unsupported file type {path.suffix!r}; supported: {supported}")
    if fmt in BINARY_FORMATS:
        from yjs_qa.ingest.readers import read_blocks  # imported late: the readers pull in pdfplumber, lxml

        blocks = read_blocks(fmt, path, read_bytes(path, max_bytes))
        text = blocks_text(blocks)
        if not text.strip():
            raise InputFileError(path, f"no text found in this {fmt.upper()} file; nothing to index")
        return RawDocument(path=path, text=text, blocks=blocks)
    text = read_text(path, max_bytes)
    blocks = markdown_blocks(text) if fmt == "markdown" else text_blocks(text)
    return RawDocument(path=path, text=text, blocks=blocks)


def blocks_text(blocks: list[Block]) -> str:
    """The plain text of blocks read from a structured format, one per paragraph; sets their offsets.

    Tagging (title, kind, date) reads this text as it reads a .txt file.
    """
    parts: list[str] = []
    offset = 0
    for block in blocks:
        block.offset = offset
        piece = "\n".join(block.lines) if block.kind == "table" and block.lines else block.text
        parts.append(piece)
        offset += len(piece) + 2
    return "\n\n".join(parts)


def text_blocks(text: str) -> list[Block]:
    """Split plain text (often extracted from a PDF) into blocks.

    Blank lines separate blocks; a bullet marker starts a new bullet; lines indented by a space
    or without a marker continue the current block (PDF line wrapping).
    """
    blocks: list[Block] = []
    group: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            group.append((offset, line.rstrip()))
        elif group:
            blocks.extend(_group_blocks(group))
            group = []
        offset += len(line) + 1
    if group:
        blocks.extend(_group_blocks(group))
    return blocks


def group_blocks(group: list[tuple[int, str]]) -> list[Block]:
    """Blocks from one run of (offset, line) with no blank line in it: a table, or paragraphs and bullets."""
    return _group_blocks(group)


def _group_blocks(group: list[tuple[int, str]]) -> list[Block]:
    tab_lines = [line for _, line in group if "\t" in line.strip()]
    if len(tab_lines) >= 2 or (len(group) == 1 and tab_lines):
        text = " ".join(" ".join(line for _, line in group).split())
        return [Block("table", text, group[0][0], [line for _, line in group])]
    blocks: list[Block] = []
    lines = [line for _, line in group]
    for i, (offset, line) in enumerate(group):
        # News pages print a photo caption twice, line after line.
        doubled = (i > 0 and lines[i - 1] == line) or (i + 1 < len(lines) and lines[i + 1] == line)
        if doubled and len(line.split()) >= 4:
            blocks.append(Block("caption", line.strip(), offset))
            continue
        starts_item = bool(BULLET.match(line))
        if blocks and blocks[-1].kind != "caption" and not starts_item:
            blocks[-1].text += " " + line.strip()
            continue
        kind = "bullet" if starts_item else "paragraph"
        blocks.append(Block(kind, line.strip(), offset))
    for block in blocks:
        block.text = " ".join(block.text.split())
    return blocks


def markdown_blocks(text: str) -> list[Block]:
    """Split Markdown into blocks with markdown-it: headings keep their level."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    line_offsets = [0]
    for line in text.split("\n"):
        line_offsets.append(line_offsets[-1] + len(line) + 1)
    blocks: list[Block] = []
    in_list = 0
    pending: tuple[str, int | None] | None = None
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif token.type == "heading_open":
            pending = ("heading", int(token.tag[1]))
        elif token.type == "inline" and token.map is not None:
            offset = line_offsets[min(token.map[0], len(line_offsets) - 1)]
            content = " ".join(token.content.split())
            if not content:
                continue
            if pending is not None:
                blocks.append(Block("heading", content, offset, level=pending[1]))
                pending = None
            else:
                blocks.append(Block("bullet" if in_list else "paragraph", content, offset))
    return blocks
