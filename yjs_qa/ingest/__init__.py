"""Files in, tagged passages out: read, clean, chunk, tag, and extract ratings and recommendations."""

from yjs_qa.ingest.pipeline import ingest

__all__ = ["ingest"]
