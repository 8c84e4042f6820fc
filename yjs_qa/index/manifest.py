"""The manifest of a version: format version, model, counts, documents, and every file it holds."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool

from yjs_qa.knowledge.framework import edition
from yjs_qa.models import Document

# Goes up whenever a version gains a file or a file changes meaning (docs/index-format.md).
# 2: the manifest lists its files, and every file a writer writes is always there.
FORMAT_VERSION = 2
MANIFEST_FILE = "manifest.json"


class Manifest(BaseModel):
    """manifest.json, as read and written. On disk `model` and `counts` are nested objects."""

    model_config = ConfigDict(frozen=True, extra="forbid", protected_namespaces=())

    format_version: int
    version: str
    built_at: str
    model: str
    dimension: int
    model_fingerprint: str
    documents: list[Document]
    passages: int
    # Whether the version stores a vector for every sentence (sentences.npy); later builds, adds
    # and removes keep the setting.
    sentence_vectors: StrictBool
    # Every file of the version folder, manifest.json included, as paths relative to it ("bm25/...").
    files: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": self.format_version,
            "version": self.version,
            "built_at": self.built_at,
            "model": {
                "name": self.model,
                "dimension": self.dimension,
                "fingerprint": self.model_fingerprint,
            },
            "counts": {"documents": len(self.documents), "passages": self.passages},
            "sentence_vectors": self.sentence_vectors,
            "files": self.files,
            "documents": [d.model_dump(mode="json") for d in self.documents],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """The manifest of `data`; ValueError, KeyError or TypeError if it is not one."""
        model, counts = data["model"], data["counts"]
        return cls.model_validate(
            {
                "format_version": data["format_version"],
                "version": data["version"],
                "built_at": data["built_at"],
                "model": model["name"],
                "dimension": model["dimension"],
                "model_fingerprint": model["fingerprint"],
                "documents": [_with_framework(d) for d in data["documents"]],
                "passages": counts["passages"],
                "sentence_vectors": data["sentence_vectors"],
                "files": data["files"],
            }
        )


def _with_framework(doc: Any) -> Any:
    """A document as a manifest written before Document.framework holds it gains its edition."""
    if isinstance(doc, dict) and "framework" not in doc:
        return {**doc, "framework": edition(doc.get("date"), doc.get("kind"))}
    return doc


def format_problem(found: object) -> str | None:
    """Why a manifest's format_version is not the one this yjs-qa reads, or None when it is."""
    if not isinstance(found, int) or found == FORMAT_VERSION:
        return None  # this format, or no format at all: parsing the manifest says what is wrong
    if found < FORMAT_VERSION:
        return f"it was written by an older yjs-qa (format version {found}; this one reads {FORMAT_VERSION})"
    return f"it has format version {found}, this yjs-qa reads {FORMAT_VERSION}"


def list_files(vdir: Path) -> list[str]:
    """Every file under `vdir` as a sorted relative path with "/" separators, the manifest included."""
    found = {MANIFEST_FILE}
    for dirpath, _, filenames in os.walk(vdir):
        for name in filenames:
            found.add((Path(dirpath) / name).relative_to(vdir).as_posix())
    return sorted(found)
