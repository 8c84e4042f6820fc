"""Reading a document's rating statements: its ratings table and standard sections (tables.py), and
every sentence, through four named steps, each in its own module:

1. words.py: which rating word, and the form of words that states it as a rating;
2. owners.py: whose rating: the document's service, another service, another body, a national figure;
3. scopes.py: what is rated: overall, one or more standards, a count (counts.py), or nothing;
4. times.py: which time: the current inspection, or an earlier one and its year.

Each statement keeps every step's decision and why (evidence.py); reconcile.py turns them into the
document's ratings and counts.
"""

from __future__ import annotations

from yjs_qa.knowledge import framework as F
from yjs_qa.models import Document, Passage, SectionKind, Span
from yjs_qa.ratings.read.evidence import Statement
from yjs_qa.ratings.read.sentences import passage_statements
from yjs_qa.ratings.read.tables import section_rating, table_ratings

# Sections whose text states no rating in prose: key-question tables, other tables, footnotes.
NO_PROSE = (SectionKind.KEY_QUESTIONS, SectionKind.TABLE, SectionKind.FOOTNOTE)


def read_document(doc: Document, passages: list[Passage]) -> list[Statement]:
    """Every rating statement one document makes, in reading order: table rows, section heads,
    sentences, and the headline where the body states no current overall rating of its own."""
    later = F.framework_for(doc.date) is F.FRAMEWORK_2025
    published = int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None
    found: list[Statement] = []
    for p in passages:
        if p.section_kind == SectionKind.RATING and ";" in p.text:
            found += table_ratings(p)
        elif p.section_kind == SectionKind.RATING and (head := section_rating(p)) is not None:
            found.append(head)
        elif p.section_kind not in NO_PROSE:
            found += passage_statements(p, doc.service, later, published)
    if passages and not any(_own_overall(s) for s in found):
        found += headline_statements(doc, passages[0], later)
    return found


def headline_statements(doc: Document, first: Passage, later: bool) -> list[Statement]:
    """The overall rating a headline states ('Wigan YOT – rated Good'), where the body states none.
    A title is no passage, so the rating cites the first passage, under which the headline stands."""
    title = doc.title.strip()
    if not title:
        return []
    headline = first.model_copy(update={"text": title, "sentences": [Span(start=0, end=len(title))]})
    read = passage_statements(headline, doc.service, later, source="headline")
    return [s for s in read if _own_overall(s)]


def _own_overall(s: Statement) -> bool:
    return s.rejected is None and s.scope == "overall" and not s.earlier and s.service is None
