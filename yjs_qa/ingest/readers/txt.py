"""Read plain text (often extracted from a PDF) into blocks: blank lines, bullets and tab tables."""

from __future__ import annotations

from yjs_qa.ingest.blocks import Block
from yjs_qa.knowledge.patterns import BULLET_MARK as BULLET


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
            blocks.extend(group_blocks(group))
            group = []
        offset += len(line) + 1
    if group:
        blocks.extend(group_blocks(group))
    return blocks


def group_blocks(group: list[tuple[int, str]]) -> list[Block]:
    """Blocks from one run of (offset, line) with no blank line in it: a table, or paragraphs and bullets."""
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
