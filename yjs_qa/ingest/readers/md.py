"""Read Markdown into blocks with markdown-it: headings keep their level."""

from __future__ import annotations

from markdown_it import MarkdownIt

from yjs_qa.ingest.blocks import Block


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
