"""One file in, one tagged document and its passages out: parse, clean, tag, chunk."""

from __future__ import annotations

import hashlib
from pathlib import Path

from yjs_qa.errors import InputFileError
from yjs_qa.ingest.chunk import chunk
from yjs_qa.ingest.clean import clean
from yjs_qa.ingest.dates import detect_date
from yjs_qa.ingest.kinds import NATIONAL_KINDS, detect_kind, kind_scores, national_kind
from yjs_qa.ingest.parse import parse_file
from yjs_qa.ingest.tag import NONE_NAMED, detect_title, tag_service
from yjs_qa.knowledge.framework import edition
from yjs_qa.models import DocKind, Document, Passage


def text_hash(text: str) -> str:
    """Hash of the text with whitespace normalised, so a renamed or re-saved copy is recognised."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def ingest(
    path: Path, *, document: str | None = None, max_bytes: int | None = None, kind: DocKind | None = None
) -> tuple[Document, list[Passage]]:
    """Parse `path` into a Document and its Passages. Raises InputFileError on bad input.

    `kind` is the document's kind where the user has set it (else it is detected): passages are
    tagged, and the service found, as for a document of that kind."""
    raw = parse_file(path, max_bytes)
    cleaned = clean(raw.blocks)
    title = detect_title(raw.text, cleaned.fields) or path.stem
    detected = kind is None
    scores = kind_scores(raw.text) if detected else None  # read once: the kind, and a national kind
    kind = detect_kind(raw.text, scores) if kind is None else kind
    tag = tag_service(raw.text, title, kind)
    # A release or page that names no service at all, with a national publication's signals, is that
    # publication's release ('across England and Wales', 'the inspectorate's annual report').
    national = national_kind(scores) if scores is not None and tag.note == NONE_NAMED else None
    if national is not None and kind not in NATIONAL_KINDS:
        kind, tag = national, tag_service(raw.text, title, national)
    name = document or path.name
    digest = text_hash(raw.text)
    passages = chunk(cleaned, document=name, content_hash=digest, kind=kind, title=title)
    if not passages:
        raise InputFileError(path, "no passages found: the file has no paragraphs of text")
    date = detect_date(raw.text, cleaned.fields, kind)
    doc = Document(
        document=name,
        title=title,
        kind=kind,
        service=tag.service,
        tag_note=tag.note,
        date=date,
        framework=edition(date, kind),
        content_hash=digest,
        source_path=str(path),
        passages=len(passages),
    )
    return doc, passages
