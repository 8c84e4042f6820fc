"""Test doubles for yjs-qa: a fast, deterministic fake embedder (not part of the public `yjs_qa` API).

It imports nothing from yjs_qa, so any layer may import it without a cycle; inside the package only
`yjs_qa.index.embed.embedder_from_env` does (YJS_QA_MODEL=hash), and only when asked.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["HashEmbedder"]


class HashEmbedder:
    """A deterministic bag-of-words embedder for fast tests: no model, same text same vector.

    It meets `yjs_qa.Embedder`: pass it as `embedder=` to Library.build or Library.open, or set
    YJS_QA_MODEL=hash to have the library (and the CLI) use it wherever it would load the real model."""

    def __init__(self, dimension: int = 64, name: str = "hash-test-embedder") -> None:
        self.dimension = dimension
        self.name = name
        self.fingerprint = f"hash-{dimension}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for token in re.findall(r"[a-z0-9]+", text.lower()):
            digest = hashlib.blake2b(token[:6].encode(), digest_size=8).digest()
            h = int.from_bytes(digest, "little")
            vec[h % self.dimension] += 1.0 if (h >> 32) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        out = np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dimension))
        if progress:
            progress(len(texts))
        return out.astype(np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self._vector(text)
