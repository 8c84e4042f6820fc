"""Read a PDF with pdfplumber: lines from word positions, paragraphs from gaps, pages kept per block."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yjs_qa.errors import InputFileError
from yjs_qa.ingest.blocks import Block
from yjs_qa.ingest.clean import TERMINAL, is_heading_like
from yjs_qa.ingest.readers.txt import group_blocks
from yjs_qa.knowledge import patterns as P
from yjs_qa.settings import SETTINGS

# Bullet glyphs that extract as an unmapped character id or a Symbol-font private-use character.
GLYPH_BULLET = re.compile(r"^(?:\(cid:\d+\)|[\uf0a7\uf0b7\uf076\uf0d8\uf0fc])")
LIST_MARK = re.compile(r"^(?:[•▪●◦‣–-]|\d{1,2}[.)])$")  # the gap after a list marker is not a cell gap
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PAGE_LABEL = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s+of\s+\d+)?$", re.IGNORECASE)
EDGE_NUMBER = re.compile(r"(?:^(\d{1,4})\t)|(?:\t(\d{1,4})$)")


@dataclass
class Line:
    """One printed line: its words joined, tabs between table cells."""

    text: str
    top: float
    bottom: float
    size: float


@dataclass
class PageLines:
    number: int  # 1-based position in the file
    height: float
    lines: list[Line] = field(default_factory=list)
    label: int | None = None  # the number printed on the page, if any


def read_pdf(path: Path, data: bytes) -> list[Block]:
    """Blocks of a PDF, each with the page it starts on (and ends on, when it runs over a break)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputFileError(path, "is not a PDF (no %PDF header); check the file, or rename it")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(i, page) for i, page in enumerate(pdf.pages, 1)]
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors; the wrapped one says what went wrong.
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise InputFileError(
                path, "is password-protected; save an unprotected copy (or print it to PDF) and add that"
            ) from exc
        if isinstance(cause, PSException):
            raise InputFileError(
                path, f"the PDF is damaged or truncated ({type(cause).__name__}: {cause}); download it again"
            ) from exc
        raise
    if not pages:
        raise InputFileError(path, "the PDF has no pages (damaged or truncated?); download it again")
    if not any(p.lines for p in pages):
        raise InputFileError(
            path, "the PDF has no text layer (scanned pages?); run OCR on it first, then add it again"
        )
    _drop_running_lines(pages)
    labels = _page_numbers(pages)
    return _blocks(pages, labels, _vocabulary(pages))


def _page_lines(number: int, page: Any) -> PageLines:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False, extra_attrs=["size"])
    out = PageLines(number=number, height=float(page.height))
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        mid = (w["top"] + w["bottom"]) / 2
        for line in reversed(lines[-3:]):
            top = min(x["top"] for x in line)
            bottom = max(x["bottom"] for x in line)
            if top - 1 <= mid <= bottom + 1:
                line.append(w)
                break
        else:
            lines.append([w])
    out.lines = [_line(ws) for ws in lines]
    return out


def _line(words: list[dict[str, Any]]) -> Line:
    words.sort(key=lambda w: w["x0"])
    size = max(float(w["size"]) for w in words)
    baseline = max(float(w["bottom"]) for w in words)
    text = ""
    prev: dict[str, Any] | None = None
    for w in words:
        token = GLYPH_BULLET.sub("•", str(w["text"])) if w is words[0] else str(w["text"])
        raised = (
            float(w["size"]) < size * SETTINGS.ingest.pdf_superscript_size
            and float(w["bottom"]) < baseline - 1
        )
        if raised and token.isdigit():
            token = token.translate(SUPERSCRIPTS)
        if prev is None:
            text = token
        else:
            gap = float(w["x0"]) - float(prev["x1"])
            if gap > SETTINGS.ingest.pdf_cell_gap * size and not (prev is words[0] and LIST_MARK.match(text)):
                text += "\t" + token
            elif raised and gap < 1:
                text += token  # a footnote marker sits on the word it annotates
            else:
                text += " " + token
        prev = w
    main = [w for w in words if float(w["size"]) >= size * SETTINGS.ingest.pdf_superscript_size]
    return Line(
        text=text,
        top=min(float(w["top"]) for w in main),  # a raised marker must not widen the gap above
        bottom=baseline,
        size=size,
    )


def _margin(page: PageLines, line: Line) -> bool:
    return line.bottom < page.height * SETTINGS.ingest.pdf_margin or line.top > page.height * (
        1 - SETTINGS.ingest.pdf_margin
    )


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running_lines(pages: list[PageLines]) -> None:
    """Drop running headers and footers (repeated margin lines) and page numbers, noting the numbers."""
    per_key: Counter[str] = Counter()
    for p in pages:
        for key in {_key(ln.text) for ln in p.lines if _margin(p, ln)}:
            per_key[key] += 1
    threshold = max(3, SETTINGS.ingest.pdf_repeat_share * len(pages))
    for p in pages:
        keep: list[Line] = []
        for ln in p.lines:
            text = ln.text.strip()
            if _margin(p, ln):
                number = PAGE_LABEL.match(text) or EDGE_NUMBER.search(text)
                repeated = per_key[_key(text)] >= threshold
                footer = any(pat.match(text.split("\t")[0]) for pat in P.FOOTER_LINES)
                if number and (repeated or PAGE_LABEL.match(text)):
                    p.label = int(next(g for g in number.groups() if g))
                if repeated or footer or PAGE_LABEL.match(text):
                    continue
            keep.append(ln)
        p.lines = keep


def _page_numbers(pages: list[PageLines]) -> list[int]:
    """Cite the printed page numbers when they follow the file's order; else the file's own count."""
    offsets = Counter(p.label - p.number for p in pages if p.label is not None)
    if offsets:
        offset, n = offsets.most_common(1)[0]
        if n >= 0.5 * len(pages) and n >= 0.8 * sum(offsets.values()):
            return [p.number + offset for p in pages]
    return [p.number for p in pages]


def _vocabulary(pages: list[PageLines]) -> set[str]:
    """Every word the document prints whole, to decide how to join a word hyphenated at a line end."""
    return {w.lower() for p in pages for ln in p.lines for w in re.findall(r"[A-Za-z][\w'’-]*", ln.text)}


def _join_hyphen(left: str, right: str, vocabulary: set[str]) -> str | None:
    """'partner-' + 'ship ...' -> 'partnership ...'; keeps the hyphen of 'child-' + 'centred'."""
    m = re.search(r"([A-Za-z]+)-$", left)
    if not m or not right[:1].islower():
        return None
    first = re.match(r"[\w'’]+", right)
    tail = first.group(0) if first else ""
    joined, hyphened = f"{m.group(1)}{tail}".lower(), f"{m.group(1)}-{tail}".lower()
    # The document's own spelling decides; a typesetter's soft hyphen is the default.
    if hyphened in vocabulary and joined not in vocabulary:
        return f"{left}{right}"
    return f"{left[:-1]}{right}"


def _paragraphs(page: PageLines, vocabulary: set[str]) -> list[list[str]]:
    """Group a page's lines into paragraphs by vertical gaps and font changes; join hyphenated words."""
    groups: list[list[str]] = []
    prev: Line | None = None
    for ln in page.lines:
        if prev is None or abs(ln.size - prev.size) > 1:
            new = True
        elif any("\t" in t for t in groups[-1]):
            # Table rows sit further apart than lines of prose; a row whose other cells are empty
            # has no tab but still belongs to the table.
            new = ln.top - prev.bottom > SETTINGS.ingest.pdf_row_gap * ln.size
        else:
            new = "\t" in ln.text or ln.top - prev.bottom > SETTINGS.ingest.pdf_para_gap * min(
                prev.size, ln.size
            )
        text = " ".join(ln.text.replace("\t", " \t ").split(" ")).replace(" \t ", "\t")
        text = re.sub(r" {2,}", " ", text).strip()
        if not new and groups and (joined := _join_hyphen(groups[-1][-1], text, vocabulary)):
            groups[-1][-1] = joined
        elif new:
            groups.append([text])
        else:
            groups[-1].append(text)
        prev = ln
    return groups


def _blocks(pages: list[PageLines], labels: list[int], vocabulary: set[str]) -> list[Block]:
    blocks: list[Block] = []
    for page, label in zip(pages, labels, strict=True):
        groups = _paragraphs(page, vocabulary)
        # A word hyphenated over the page break: join it to the last paragraph before the break.
        if groups and blocks and blocks[-1].kind in ("paragraph", "bullet"):
            joined = _join_hyphen(blocks[-1].text, groups[0][0], vocabulary)
            if joined is not None:
                _continue(blocks[-1], joined, label, groups[0][0].split()[1:6])
                groups[0] = groups[0][1:]
        first = True
        for group in groups:
            if not group:
                continue
            for block in group_blocks([(0, line) for line in group]):
                block.page = label
                if first and _carried_over(blocks, block, label):
                    first = False
                    continue
                first = False
                blocks.append(block)
    return blocks


def _continue(block: Block, text: str, page: int, words: list[str]) -> None:
    block.text = text
    if page != (block.page_end or block.page):
        block.page_marks.append((page, " ".join(words)))
        block.page_end = page


def _carried_over(blocks: list[Block], block: Block, page: int) -> bool:
    """Join the first block of a page to what the page before left unfinished: a table's further rows,
    or a sentence that runs on (footnotes printed between them stay where they are)."""
    prev = next((b for b in reversed(blocks) if not P.FOOTNOTE_START.match(b.text)), None)
    if prev is None or (prev.page_end or prev.page) == page:
        return False
    if prev.kind == "table" and block.kind == "table":
        prev.lines += block.lines
        _continue(prev, f"{prev.text} {block.text}", page, [])
        return True
    unfinished = (
        prev.kind in ("paragraph", "bullet")
        and block.kind == "paragraph"
        and len(prev.text.split()) >= SETTINGS.ingest.pdf_carry_min_words
        and not prev.text.endswith(TERMINAL)
        and not is_heading_like(block.text)
    )
    if unfinished:
        _continue(prev, f"{prev.text} {block.text}", page, block.text.split()[:5])
    return unfinished
