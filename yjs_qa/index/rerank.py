"""An optional cross-encoder that re-orders the top passages by reading question and passage together.

None ships with yjs-qa and none is used unless a caller points to one: `Library.open(...,
reranker=CrossEncoderReranker(path))`, `--reranker PATH` on the command line, or $YJS_QA_RERANKER.
Its effect on answer quality is unmeasured here, since no cross-encoder weights are available offline.
Loading one imports sentence-transformers (6-8 s), so this module imports it only when a model loads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from yjs_qa.errors import ModelLoadError
from yjs_qa.index.embed import quiet_offline_hub

RERANKER_ENV = "YJS_QA_RERANKER"  # a folder holding a sentence-transformers CrossEncoder
BATCH_SIZE = 16


class Reranker(Protocol):
    """What ask and search need from a reranker: a name, and one score per text (higher is better)."""

    name: str

    def score(self, question: str, texts: Sequence[str]) -> list[float]: ...


class CrossEncoderReranker:
    """A sentence-transformers CrossEncoder loaded from a local folder, never from a hub.

    The folder is checked at once; the model loads on the first score, so opening a Library with
    one costs nothing until a question is asked.
    """

    def __init__(self, path: Path | str, device: str | None = None) -> None:
        self.path = Path(path).expanduser()
        if not self.path.is_dir():
            what = "does not exist" if not self.path.exists() else "is not a folder"
            raise ModelLoadError(
                f"the reranker {self.path} {what}; point --reranker or {RERANKER_ENV} to a folder "
                "holding a cross-encoder model (config.json and weights), or leave it unset"
            )
        if not (self.path / "config.json").is_file():
            raise ModelLoadError(
                f"{self.path} is not a cross-encoder model folder (no config.json); point --reranker "
                f"or {RERANKER_ENV} to one saved with CrossEncoder.save() or save_pretrained()"
            )
        self.name = self.path.name
        self.device = device
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                quiet_offline_hub()
                from sentence_transformers import CrossEncoder

                self._model = CrossEncoder(str(self.path), device=self.device, local_files_only=True)
            except Exception as exc:  # the library raises many kinds; all mean "cannot load"
                raise ModelLoadError(f"cannot load the cross-encoder at {self.path}: {exc}") from exc
        return self._model

    def score(self, question: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        scores = self._load().predict(
            [(question, t) for t in texts], batch_size=BATCH_SIZE, show_progress_bar=False
        )
        values = np.asarray(scores, dtype=np.float64)
        if values.shape != (len(texts),):  # a classifier with several labels, say
            raise ModelLoadError(
                f"the cross-encoder at {self.path} gives {values.size / len(texts):g} scores per pair, "
                "not one; a reranker must be a model with a single relevance output (num_labels=1)"
            )
        # A model that yields NaN would order passages at random; better to say so.
        if not np.isfinite(values).all():
            raise ModelLoadError(f"the cross-encoder at {self.path} gave a score that is not a number")
        return [float(v) for v in values]


def configured_reranker() -> str | None:
    """The cross-encoder folder $YJS_QA_RERANKER names, if any (checked when it loads)."""
    return os.environ.get(RERANKER_ENV, "").strip() or None
