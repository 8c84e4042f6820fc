"""Read report files safely and turn them into raw blocks (paragraphs, bullets, tables, lines)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from yjs_qa.errors import InputFileError
from yjs_qa.ingest.blocks import Block
from yjs_qa.ingest.readers import FORMATS, read_blocks
from yjs_qa.settings import SETTINGS

# Suffix -> format name, for messages and the folder walk; readers.FORMATS has the readers.
SUPPORTED_SUFFIXES = {suffix: fmt.name for suffix, fmt in FORMATS.items()}
# Files in a corpus folder that describe it rather than belong to it: notes, and what a user sets
# on the corpus (index/corrections.py): tags (metadata.csv), ratings (ratings.csv), services (services.csv).
IGNORED_NAMES = {
    "sources.md", "readme.md", "license", "license.md", "license.txt",
    "metadata.csv", "ratings.csv", "services.csv",
}  # fmt: skip


@dataclass
class RawDocument:
    path: Path
    text: str
    blocks: list[Block]


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and path.name.lower() not in IGNORED_NAMES


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """Read a file's bytes, refusing missing, empty and oversized files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputFileError(path, "file not found (was it moved or deleted?)") from exc
    except OSError as exc:
        raise InputFileError(path, f"cannot read file: {exc.strerror}") from exc
    if size == 0:
        raise InputFileError(path, "file is empty; nothing to index")
    if max_bytes is None:
        max_bytes = SETTINGS.ingest.max_file_bytes
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


def read_text(path: Path, max_bytes: int | None = None) -> str:
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


def parse_file(path: Path, max_bytes: int | None = None) -> RawDocument:
    """Read `path` and split it into blocks according to its format."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise InputFileError(path, f"unsupported file type {path.suffix!r}; supported: {supported}")
    if fmt.from_text is None:
        blocks = read_blocks(fmt, path, read_bytes(path, max_bytes))
        text = blocks_text(blocks)
        if not text.strip():
            raise InputFileError(path, f"no text found in this {fmt.name.upper()} file; nothing to index")
        return RawDocument(path=path, text=text, blocks=blocks)
    text = read_text(path, max_bytes)
    return RawDocument(path=path, text=text, blocks=fmt.from_text(text))


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
