"""Tell a heading from body text, and what it heads: a domain, a standard, or a kind of section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yjs_qa.ingest.blocks import Block
from yjs_qa.ingest.clean import contents_page, words
from yjs_qa.knowledge import patterns as P
from yjs_qa.knowledge.framework import domain_by_number, domain_for_name, standard_by_code
from yjs_qa.knowledge.lexicon import NUMBER_WORDS
from yjs_qa.models import SectionKind
from yjs_qa.settings import SETTINGS


@dataclass
class Heading:
    level: int
    label: str
    kind: SectionKind | None = None
    domain: tuple[int | None, str] | None = None
    standard: tuple[str, str] | None = None
    dropped: bool = False


@dataclass
class HeadingStack:
    stack: list[Heading] = field(default_factory=list)

    def push(self, heading: Heading) -> None:
        while self.stack and self.stack[-1].level >= heading.level:
            self.stack.pop()
        self.stack.append(heading)

    def find(self, attr: str) -> object:
        for h in reversed(self.stack):
            if getattr(h, attr):
                return getattr(h, attr)
        return None


def classify_heading(block: Block, contents: dict[str, int]) -> Heading | None:
    """Is this block a heading, and of what? Returns None for body text."""
    text = block.text.strip()
    if block.kind == "heading":
        found = _classify_text(text, contents)
        level = block.level or 1
        if found is None:
            return Heading(level, text.rstrip(":"))
        found.level = max(found.level, level) if found.level == 3 else level
        return found
    if block.kind != "paragraph" or words(text) > SETTINGS.ingest.max_heading_words or text.endswith("."):
        return None
    return _classify_text(text, contents)


def _classify_text(text: str, contents: dict[str, int]) -> Heading | None:
    label = text.rstrip(":").strip()
    if m := P.DOMAIN_HEADING.match(text):
        num = m.group("num").lower()
        number = NUMBER_WORDS.get(num) or (int(num) if num.isdigit() else None)
        return Heading(1, label, domain=(number, _domain_name(number, m.group("name"))))
    if m := P.STANDARD_HEADING.match(text):
        code, name = m.group("code"), m.group("name").strip()
        number = int(code.split(".")[0])
        if domain_for_name(name):  # "4.1. Resettlement" names the domain, not a standard
            return Heading(1, f"{code} {name}", domain=(number, _domain_name(number, name)))
        known = standard_by_code(code)
        name = known.name if known and _same(known.name, name) else name
        return Heading(2, f"{code} {name}", standard=(code, name))
    for pattern, kind in P.TOP_SECTIONS:
        if pattern.match(text):
            return Heading(1, label, kind=kind, dropped=bool(P.DROPPED_SECTIONS.match(label)))
    for pattern, kind in P.SUBHEADINGS:
        if pattern.match(text):
            return Heading(3, label, kind=kind)
    if m := P.NUMBERED_HEADING.match(text):
        return Heading(1, m.group("name").strip())
    if contents_page(contents, text) is not None or (text.isupper() and len(text) > 3):
        return Heading(1, label)
    return None


def _domain_name(number: int | None, stated: str) -> str:
    known = domain_by_number(number) if number else None
    return known.name if known and _same(known.name, stated) else stated.strip()


def _same(a: str, b: str) -> bool:
    return re.sub(r"[^a-z]", "", a.lower()) == re.sub(r"[^a-z]", "", b.lower())
