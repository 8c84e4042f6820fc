"""The unit every reader produces: a block of text (paragraph, bullet, table, heading) from a file."""

from __future__ import annotations

from dataclasses import dataclass, field


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


def table_block(lines: list[str]) -> Block | None:
    """A table block from rows of tab-separated cells, as readers.txt.text_blocks makes from a .txt."""
    if not lines:
        return None
    return Block("table", "; ".join(" ".join(c for c in ln.split("\t") if c) for ln in lines), 0, lines)
