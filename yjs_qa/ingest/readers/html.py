"""Read an HTML page with selectolax: drop navigation, banners and footers; h1-h6 become headings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from yjs_qa.errors import InputFileError
from yjs_qa.ingest.blocks import Block, table_block
from yjs_qa.settings import SETTINGS

# Elements that are never content.
DROP_TAGS = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select"
DROP_ROLES = (
    "[role=navigation], [role=banner], [role=contentinfo], [role=search], [role=dialog], [aria-hidden=true]"
)
# id/class words of page furniture: cookie banners, menus, share bars, related links, adverts.
FURNITURE = re.compile(
    r"(^|[\s_-])(cookie|consent|gdpr|banner|nav|navbar|menu|breadcrumbs?|skip-link|share|social|"
    r"subscribe|newsletter|related|promo|advert|ads?|sidebar|site-footer|site-header|masthead|"
    r"popup|modal)([\s_-]|$)",
    re.IGNORECASE,
)
BLOCK_TAGS = (
    *("h1", "h2", "h3", "h4", "h5", "h6"),
    *("p", "li", "table", "blockquote", "pre", "dt", "dd", "figcaption"),
)
MAIN = ("main", "article", "[role=main]")
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def read_html(path: Path, data: bytes) -> list[Block]:
    """Blocks of an HTML page: headings with their level, paragraphs, list items as bullets, table rows."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_decode(data))
    if tree.body is None:
        raise InputFileError(path, "the HTML has no <body>; save the whole page and add it again")
    for node in tree.css(f"{DROP_TAGS}, {DROP_ROLES}"):
        node.decompose()
    for node in tree.css("[id], [class]"):
        marks = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
        if FURNITURE.search(marks) and node.tag not in ("html", "body", "main", "article"):
            node.decompose()
    root = _content_root(tree)
    blocks: list[Block] = []
    title = tree.css_first("title")
    if title is not None and not root.css_first("h1") and (text := _text(title)):
        blocks.append(Block("heading", text, 0, level=1))
    taken: set[int] = set()
    for node in root.css(", ".join(BLOCK_TAGS)):
        if _inside_taken(node, taken):
            continue
        taken.add(node.mem_id)
        block = _block(node)
        if block is not None:
            blocks.append(block)
    return blocks


def _decode(data: bytes) -> str:
    """The page's text in the charset it declares (BOM, then <meta charset>), else UTF-8, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = CHARSET.search(data[:4096])
    for charset in (declared.group(1).decode("ascii") if declared else "utf-8", "utf-8"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _content_root(tree: Any) -> Any:
    for selector in MAIN:
        node = tree.css_first(selector)
        if node is not None and len(node.text(separator=" ").split()) >= SETTINGS.ingest.html_min_main_words:
            return node
    return tree.body


def _inside_taken(node: Any, taken: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in taken:
            return True
        parent = parent.parent
    return False


def _text(node: Any) -> str:
    return " ".join(node.text(separator=" ").split())


def _block(node: Any) -> Block | None:
    tag = node.tag
    if tag == "table":
        lines = []
        for row in node.css("tr"):
            cells = [_text(c) for c in row.css("th, td")]
            if any(cells):
                lines.append("\t".join(cells))
        return table_block(lines)
    text = _text(node)
    if not text:
        return None
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return Block("heading", text, 0, level=int(tag[1]))
    if tag == "li":
        return Block("bullet", f"• {text}", 0)
    return Block("paragraph", text, 0)
