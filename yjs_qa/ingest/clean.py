"""Remove what is not content: footers, page numbers, boilerplate footnotes, captions, adverts."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from yjs_qa.ingest.blocks import Block
from yjs_qa.knowledge import patterns as P
from yjs_qa.knowledge.scale import rating_for, rating_words
from yjs_qa.settings import SETTINGS

TERMINAL = tuple(".!?:;\"”’'…)")


@dataclass
class Cleaned:
    blocks: list[Block]
    # (character offset, page number or None): a page ended at this offset
    page_breaks: list[tuple[int, int | None]] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # council-paper form fields
    contents: dict[str, int] = field(default_factory=dict)  # heading text -> page, from contents


def words(text: str) -> int:
    return len(text.split())


def is_heading_like(text: str) -> bool:
    """True for text that the structure step could take as a heading."""
    t = text.strip()
    return bool(
        P.DOMAIN_HEADING.match(t)
        or P.STANDARD_HEADING.match(t)
        or any(p.match(t) for p, _ in P.TOP_SECTIONS)
        or any(p.match(t) for p, _ in P.SUBHEADINGS)
    )


def clean(blocks: list[Block]) -> Cleaned:
    """Apply every cleaning step, in order, to the blocks of one document."""
    out = Cleaned(blocks=list(blocks))
    _take_contents(out)
    _take_form_fields(out)
    _take_footers(out)
    _drop_captions(out)
    _handle_footnotes(out)
    out.blocks = [
        b for b in out.blocks if b.kind != "caption" and not any(p.search(b.text) for p in P.NOISE_BLOCKS)
    ]
    _trim_tail(out)
    _join_continuations(out)
    _split_rating_cells(out)
    _collect_short_runs(out)
    for b in out.blocks:
        b.text = P.SUPERSCRIPTS.sub("", re.sub(r"</?u>", "", b.text)).strip()
    out.blocks = [b for b in out.blocks if b.text]
    return out


def _take_contents(out: Cleaned) -> None:
    """Read 'Heading<TAB>page' lines after a 'Contents' heading into a page map, and drop them."""
    keep: list[Block] = []
    in_contents = False
    for b in out.blocks:
        if b.text.lower() == "contents":
            in_contents = True
            keep.append(b)
            continue
        if in_contents and b.kind == "table":
            for line in b.lines:
                cells = [c.strip() for c in line.split("\t")]
                if len(cells) >= 2 and cells[-1].isdigit():
                    out.contents.setdefault(_heading_key(cells[0]), int(cells[-1]))
            continue
        in_contents = False
        keep.append(b)
    out.blocks = keep


def _heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def contents_page(contents: dict[str, int], heading: str) -> int | None:
    """The contents-page number of `heading`, tolerating OCR slips ('Eurthau information')."""
    key = _heading_key(heading)
    if key in contents:
        return contents[key]
    close = difflib.get_close_matches(key, list(contents), n=1, cutoff=0.8)
    return contents[close[0]] if close else None


def _take_form_fields(out: Cleaned) -> None:
    """'Date of meeting:' followed by '13 November 2024' becomes a field, not two passages."""
    keep: list[Block] = []
    blocks = out.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        m = P.FORM_FIELDS.match(b.text) if words(b.text) <= 12 else None
        if m and (b.text.rstrip().endswith(":") or m.group("value")):
            label = m.group("label").lower()
            value = m.group("value").strip()
            if not value and i + 1 < len(blocks) and words(blocks[i + 1].text) <= 20:
                value = blocks[i + 1].text
                i += 1
            out.fields.setdefault(label, value)
            i += 1
            continue
        keep.append(b)
        i += 1
    out.blocks = keep


def _take_footers(out: Cleaned) -> None:
    """Drop running footers and page numbers, recording where pages end."""
    counts = Counter(b.text for b in out.blocks if b.kind == "paragraph")
    keep: list[Block] = []
    blocks = out.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        footer = any(p.match(b.text) for p in P.FOOTER_LINES) and (keep or counts[b.text] > 1)
        repeated = counts[b.text] >= 3 and words(b.text) >= 4 and not is_heading_like(b.text)
        if (footer or repeated) and not b.text.endswith("."):
            page = None
            if i + 1 < len(blocks) and P.PAGE_NUMBER.match(blocks[i + 1].text):
                page = int(blocks[i + 1].text)
                i += 1
            out.page_breaks.append((b.offset, page))
            i += 1
            continue
        if P.PAGE_NUMBER.match(b.text) and b.kind == "paragraph" and keep:
            out.page_breaks.append((b.offset, int(b.text)))
            i += 1
            continue
        keep.append(b)
        i += 1
    out.blocks = keep


def _drop_captions(out: Cleaned) -> None:
    """News pages print photo captions twice in a row; a doubled block is a caption."""
    keep: list[Block] = []
    blocks = out.blocks
    for i, b in enumerate(blocks):
        prev_same = i > 0 and blocks[i - 1].text == b.text
        next_same = i + 1 < len(blocks) and blocks[i + 1].text == b.text
        # Short repeats are table cells ("Good", "Good"), not captions.
        caption = (
            b.kind == "paragraph"
            and words(b.text) >= SETTINGS.ingest.caption_min_words
            and not is_heading_like(b.text)
            and not rating_for(b.text)
        )
        if (prev_same or next_same) and caption:
            continue
        keep.append(b)
    out.blocks = keep


def _handle_footnotes(out: Cleaned) -> None:
    """Drop boilerplate and repeated footnotes; keep unique ones as footnote blocks."""
    seen: Counter[str] = Counter()
    for b in out.blocks:
        if P.FOOTNOTE_START.match(b.text):
            seen[P.FOOTNOTE_START.sub("", b.text)] += 1
    keep: list[Block] = []
    for b in out.blocks:
        if P.FOOTNOTE_START.match(b.text):
            body = P.FOOTNOTE_START.sub("", b.text)
            if P.BOILERPLATE_FOOTNOTES.match(body) or seen[body] > 1 or not body:
                continue
            b.text, b.kind = body, "footnote"
        keep.append(b)
    out.blocks = keep


def _trim_tail(out: Cleaned) -> None:
    """Drop a trailing subscription/cookie/related-links block when nothing substantial follows."""
    blocks = out.blocks
    for i, b in enumerate(blocks):
        if P.TAIL_MARKERS.search(b.text) and i >= len(blocks) // 2:
            rest = blocks[i:]
            if not any(_is_prose(r.text) for r in rest):
                out.blocks = blocks[:i]
            return


def _is_prose(text: str) -> bool:
    return (
        words(text) >= SETTINGS.ingest.tail_substantial_words
        and text.rstrip().endswith(TERMINAL)
        and "•" not in text
    )


def _join_continuations(out: Cleaned) -> None:
    """Join a block that continues the previous one across a page break or a wrapped line.

    A footnote printed between the two halves (at the foot of a PDF page) stays a block of its own.
    """
    keep: list[Block] = []
    for b in out.blocks:
        prev = next((k for k in reversed(keep) if k.kind != "footnote"), None)
        # Numbered items always start anew; a "- lower-case" bullet after an unfinished one continues it.
        body = P.SYMBOL_BULLET.sub("", b.text) if b.kind == "bullet" else b.text
        if (
            prev is not None
            and prev.kind in ("paragraph", "bullet")
            and b.kind in ("paragraph", "bullet")
            and body[:1].islower()
            and not prev.text.endswith(TERMINAL)
            and not is_heading_like(prev.text)
        ):
            prev.text = f"{prev.text} {body}"
            _carry_pages(prev, b, body)
            continue
        keep.append(b)
    out.blocks = keep


def _carry_pages(prev: Block, b: Block, body: str) -> None:
    """A block joined to the one before keeps the pages it was printed on."""
    last = prev.page_end or prev.page
    if b.page is not None and last is not None and b.page != last:
        prev.page_marks.append((b.page, " ".join(body.split()[:5])))
        prev.page_end = b.page
    prev.page_marks.extend(b.page_marks)
    if b.page_end is not None:
        prev.page_end = b.page_end


def _split_rating_cells(out: Cleaned) -> None:
    """A prose 'table' whose lines end in a rating cell is a description plus a rating line."""
    result: list[Block] = []
    for b in out.blocks:
        if b.kind == "table":
            cells = [[c.strip() for c in line.split("\t") if c.strip()] for line in b.lines]
            ratings = {c[-1] for c in cells if len(c) >= 2 and rating_for(c[-1])}
            prose = all(len(c) == 2 and rating_for(c[-1]) for c in cells)
            if prose and len(ratings) == 1:
                text = " ".join(c[0] for c in cells)
                result.append(Block("paragraph", text, b.offset, page=b.page, page_end=b.page_end))
                result.append(Block("paragraph", ratings.pop(), b.offset, page=b.page))
                continue
        result.append(b)
    out.blocks = result


# A quoted rating word in a bullet: 'Six services ‘Good’' under 'The Inspectorate rated:' is a
# count, however short, not a stray label.
QUOTED_RATING = re.compile(rf"[‘'\"“](?:{rating_words()})[’'\"”]", re.IGNORECASE)


def _collect_short_runs(out: Cleaned) -> None:
    """A long run of short lines holding ratings is a linearised table: keep it as one block.

    Other short unpunctuated lines (signatures, job titles, stray labels) are dropped, except a
    bullet that quotes a rating word.
    """
    result: list[Block] = []
    run: list[Block] = []

    def flush() -> None:
        rated = sum(1 for r in run if rating_for(re.sub(r"\(.*?\)", "", r.text)))
        if len(run) >= SETTINGS.ingest.table_min_rows and rated >= 2:
            lines = [r.text for r in run]
            end = run[-1].page_end or run[-1].page
            table = Block("table", "; ".join(lines), run[0].offset, lines, page=run[0].page)
            table.page_end = end if end != run[0].page else None
            result.append(table)
        run.clear()

    for b in out.blocks:
        short = (
            b.kind in ("paragraph", "bullet")
            and words(b.text) <= SETTINGS.ingest.fragment_max_words
            and not b.text.endswith((".", "!", "?", ":"))
            and not is_heading_like(b.text)
            and not P.NUMBERED_HEADING.match(b.text)
            and not b.text.isupper()
            and not (b.kind == "bullet" and QUOTED_RATING.search(b.text) and not rating_for(b.text))
        )
        if (short and not rating_for(b.text)) or (short and run):
            run.append(b)
            continue
        flush()
        result.append(b)
    flush()
    out.blocks = result
