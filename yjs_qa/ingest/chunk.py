"""Turn cleaned blocks into tagged passages that follow the document's own headings."""

from __future__ import annotations

import hashlib
import re

import pysbd

from yjs_qa.ingest.blocks import Block
from yjs_qa.ingest.clean import Cleaned, contents_page, words
from yjs_qa.ingest.headings import HeadingStack, classify_heading
from yjs_qa.knowledge import patterns as P
from yjs_qa.knowledge.framework import domain_by_number, infer_from_text
from yjs_qa.knowledge.scale import rating_for
from yjs_qa.models import DocKind, Passage, SectionKind, Span
from yjs_qa.settings import SETTINGS

_segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentence_spans(text: str) -> list[Span]:
    """Sentence offsets of `text`, trimmed of surrounding whitespace."""
    spans = []
    for s in _segmenter.segment(text):
        start, end = s.start, s.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start=start, end=end))
    return spans or [Span(start=0, end=len(text))]


def _split_long(text: str) -> list[str]:
    max_words = SETTINGS.ingest.max_passage_words
    if words(text) <= max_words:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    for span in sentence_spans(text):
        sentence = text[span.start : span.end]
        if current and words(" ".join(current)) + words(sentence) > max_words * 0.75:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _table_text(block: Block) -> str:
    rows = [" ".join(c.strip() for c in line.split("\t") if c.strip()) for line in block.lines]
    return "; ".join(r for r in rows if r)


class PageMap:
    """Estimate the page of an offset from contents-page entries and page footers."""

    def __init__(self, starts: list[tuple[int, int]]) -> None:
        self.starts = sorted(starts)

    def page_at(self, offset: int) -> int | None:
        before = [s for s in self.starts if s[0] <= offset]
        if not before:
            return None
        o1, p1 = before[-1]
        after = [s for s in self.starts if s[0] > offset]
        if after and after[0][1] - p1 >= 2:  # interpolate over pages no footer marks
            o2, p2 = after[0]
            return p1 + int((offset - o1) / max(1, o2 - o1) * (p2 - p1))
        return p1


def page_map(cleaned: Cleaned, headings: list[tuple[int, str]]) -> PageMap:
    events: list[tuple[int, int, int | None]] = []  # (offset, type, page): 0 heading, 1 break
    for offset, text in headings:
        if (page := contents_page(cleaned.contents, text)) is not None:
            events.append((offset, 0, page))
    for offset, number in cleaned.page_breaks:
        events.append((offset, 1, number))
    starts: list[tuple[int, int]] = []
    current: int | None = None
    for offset, kind, page in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 0 and page is not None:
            current = page
        elif kind == 1:
            current = page + 1 if page is not None else (current + 1 if current else None)
        if current is not None:
            starts.append((offset, current))
    return PageMap(starts)


def chunk(cleaned: Cleaned, *, document: str, content_hash: str, kind: DocKind, title: str) -> list[Passage]:
    """Walk the blocks, tracking headings, and emit one passage per paragraph, bullet or table."""
    state = HeadingStack()
    drafts: list[dict[str, object]] = []
    heading_offsets: list[tuple[int, str]] = []
    lead_in: str | None = None
    lead_in_page: int | None = None
    seen_heading = False
    last_kind = ""
    listed: dict[str, object] | None = None  # the passage that opened a list: its short items join it
    for block in cleaned.blocks:
        heading = classify_heading(block, cleaned.contents)
        if heading is not None:
            state.push(heading)
            heading_offsets.append((block.offset, block.text))
            seen_heading = True
            lead_in = listed = None
            continue
        if not seen_heading and not drafts and block.text in title:
            continue  # the title itself, possibly broken over lines
        if any(h.dropped for h in state.stack):
            continue
        # A plain paragraph after the bullets of a list heading ("X should:") ends that list.
        if block.kind == "paragraph" and state.stack and state.stack[-1].level == 3 and last_kind == "bullet":
            state.stack.pop()
        last_kind = block.kind
        stack_kind = state.find("kind")
        if block.kind != "table" and rating_for(block.text):
            _attach_rating(drafts, state, block)
            continue
        text = _table_text(block) if block.kind == "table" else P.SYMBOL_BULLET.sub("", block.text)
        if (
            block.kind in ("paragraph", "bullet")
            and text.endswith(":")
            and words(text) <= SETTINGS.ingest.lead_in_max_words
        ):
            lead_in = f"{lead_in} {text}" if lead_in else text
            lead_in_page = lead_in_page or block.page
            listed = None
            continue
        item = block.kind == "bullet" and words(text) <= SETTINGS.ingest.fragment_max_words
        if item and listed is not None:
            # A short item of a list ('The Inspectorate rated:' then 'Six services ‘Good’'): too
            # short for a passage of its own, it joins the passage that opened the list.
            opening = str(listed["text"])
            listed["text"] = f"{opening} {text}" if opening.endswith(":") else f"{opening}; {text}"
            continue
        listed = None
        first_page = block.page
        # A passage that opens a list: a lead-in and its first item, or a paragraph ending in ':'.
        opened = (lead_in is not None and block.kind == "bullet") or text.endswith(":")
        if lead_in:
            text, lead_in = f"{lead_in} {text}", None
            first_page, lead_in_page = lead_in_page or block.page, None
        section_kind = _section_kind(block, text, stack_kind)
        pieces = _split_long(text)
        for piece, paged in zip(pieces, piece_pages(block, text, pieces, first_page), strict=True):
            if words(piece) < SETTINGS.ingest.min_passage_words and block.kind != "table":
                continue
            drafts.append(
                {
                    "pages": paged,
                    "text": piece,
                    "offset": block.offset,
                    "path": [h.label for h in state.stack],
                    "kind": section_kind,
                    "domain": state.find("domain"),
                    "standard": state.find("standard"),
                    "table": block.kind == "table",
                }
            )
            listed = drafts[-1] if opened and len(pieces) == 1 else None
    pages = page_map(cleaned, heading_offsets)
    return [_passage(d, i, document, content_hash, kind, pages) for i, d in enumerate(drafts)]


def piece_pages(
    block: Block, text: str, pieces: list[str], first_page: int | None
) -> list[tuple[int, int | None] | None]:
    """(page, page_end) of each piece of a block from a paged format; None where pages are estimated.

    `text` may start with a lead-in printed on `first_page`. A piece that runs over a page break
    cites both pages; page_end is None on a single page.
    """
    if block.page is None:
        return [None] * len(pieces)
    own = text.rfind(block.text[:40]) if block.text else 0
    marks = [(max(own, 0), block.page)]
    marks += [(text.find(anchor, max(own, 0)), page) for page, anchor in block.page_marks if anchor]
    marks = sorted(m for m in marks if m[0] >= 0)
    opening = first_page if first_page is not None else block.page

    def page_at(pos: int) -> int:
        return next((page for at, page in reversed(marks) if at <= pos), opening)

    out: list[tuple[int, int | None] | None] = []
    pos = 0
    for piece in pieces:
        at = text.find(piece[:40], pos)
        start = at if at >= 0 else pos
        end = start + max(len(piece) - 1, 0)
        first, last = page_at(start), page_at(end)
        out.append((first, last if last != first else None))
        pos = end
    return out


def _section_kind(block: Block, text: str, stack_kind: object) -> SectionKind:
    if block.kind == "footnote":
        return SectionKind.FOOTNOTE
    if block.kind == "table":
        if re.search(r"%\s*['‘’]?yes", text, re.IGNORECASE):
            return SectionKind.KEY_QUESTIONS
        return SectionKind.RATING if stack_kind == SectionKind.RATING or _rated(block) else SectionKind.TABLE
    kind = stack_kind if isinstance(stack_kind, SectionKind) else SectionKind.NARRATIVE
    quoted = text[:1] in P.QUOTE_CHARS or P.QUOTE_INTRO.search(text)
    if quoted and kind not in (
        SectionKind.STRENGTH,
        SectionKind.AREA_FOR_IMPROVEMENT,
        SectionKind.RECOMMENDATION,
    ):
        return SectionKind.QUOTE
    return kind


def _rated(block: Block) -> bool:
    return sum(1 for line in block.lines if rating_for(re.sub(r"\(.*?\)", "", line))) >= 2


def _attach_rating(drafts: list[dict[str, object]], state: HeadingStack, block: Block) -> None:
    """A rating line under a standard: fold it, with the standard, into the description before it."""
    standard = state.find("standard")
    if not isinstance(standard, tuple):
        return
    label = f"{standard[0]} {standard[1]}: {rating_for(block.text).name}."  # type: ignore[union-attr]
    prev = drafts[-1] if drafts else None
    if prev is not None and prev["standard"] == standard and prev["kind"] != SectionKind.RATING:
        prev["text"] = f"{label} {prev['text']}"
        prev["kind"] = SectionKind.RATING
    else:
        drafts.append(
            {
                "text": label,
                "offset": block.offset,
                "path": [h.label for h in state.stack],
                "kind": SectionKind.RATING,
                "domain": state.find("domain"),
                "standard": standard,
                "pages": (block.page, None) if block.page is not None else None,
            }
        )


def _passage(
    d: dict[str, object], ordinal: int, document: str, content_hash: str, kind: DocKind, pages: PageMap
) -> Passage:
    text = str(d["text"])
    path = list(d["path"])  # type: ignore[call-overload]
    domain = d["domain"] if isinstance(d["domain"], tuple) else None
    standard = d["standard"] if isinstance(d["standard"], tuple) else None
    domain_number, domain_name = domain if domain else (None, None)
    code, std_name = standard if standard else (None, None)
    if domain is None and standard is None and kind != DocKind.INSPECTION_REPORT:
        found_domain, found_standard = infer_from_text(text)
        if found_domain:
            domain_number, domain_name = found_domain.number, found_domain.name
        if found_standard:
            code, std_name = found_standard.code, found_standard.name
    if code and domain_number is None:
        domain_number = int(code.split(".")[0])
        known = domain_by_number(domain_number)
        domain_name = known.name if known else None
    kind_ = SectionKind(str(d["kind"]))
    paged = d.get("pages")  # (page, page_end) from a paged format (PDF), else None
    if not isinstance(paged, tuple):
        paged = None
    key = f"{content_hash}|{ordinal}|{' > '.join(path)}|{text}"
    return Passage(
        id=hashlib.sha256(key.encode()).hexdigest()[:16],
        document=document,
        ordinal=ordinal,
        text=text,
        section_path=path,
        section_kind=kind_,
        domain=domain_name,
        domain_number=domain_number,
        standard_code=code,
        standard_name=std_name,
        page=paged[0] if paged else pages.page_at(int(d["offset"])),  # type: ignore[call-overload]
        page_end=paged[1] if paged else None,
        # A table is not prose: it is quoted whole rather than cut at "?" and ";".
        sentences=[Span(start=0, end=len(text))] if d.get("table") else sentence_spans(text),
    )
