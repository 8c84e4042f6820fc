"""What the model and BM25 read for a passage or a sentence: its text with who and where before it."""

from __future__ import annotations

from yjs_qa.models import Document, Passage


def embedding_text(doc: Document, passage: Passage) -> str:
    """What the model reads: who and where, then the passage, so headings reach the vector."""
    where = passage.section or doc.title
    who = f"{doc.service} youth justice service" if doc.service else doc.kind.value
    return f"{who}. {where}. {passage.text}"


def sentence_texts(passage: Passage) -> list[str]:
    """What the model reads for each sentence span: the sentence alone, as questions score it."""
    return [passage.text[span.start : span.end] for span in passage.sentences]


def keyword_text(doc: Document, passage: Passage) -> str:
    """What BM25 indexes: the same context as the embedding."""
    return embedding_text(doc, passage)
