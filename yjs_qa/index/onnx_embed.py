"""Query-time embedding through onnxruntime and tokenizers: the indexed weights, no torch.

An index keeps an ONNX export of its model in ``models/<fingerprint>/`` (see onnx_export.py):

    model.onnx       the transformer with mean pooling and L2 normalisation folded in
    model.onnx.data  its weights (ONNX external data)
    tokenizer.json   the fast tokenizer the model was indexed with
    meta.json        name, dimension, fingerprint, max_seq_length, size and sha256 of each file

Importing this module costs ~0.2 s (onnxruntime), against 6-8 s for sentence-transformers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from yjs_qa.errors import ModelLoadError
from yjs_qa.index.embed import Embedder, Progress, SentenceTransformerEmbedder

log = logging.getLogger("yjs_qa")
MODELS_DIR = "models"
META = "meta.json"
META_FORMAT = 1
# The graph, and its weights beside it: ONNX's external-data form loads in half the time (mmap).
EXPORT_FILES = ("model.onnx", "model.onnx.data", "tokenizer.json")
# Small batches: onnxruntime keeps its peak buffers (attention is batch x 12 x tokens^2 floats), and
# after sorting by length they cost no more time than batches of 32.
BATCH_SIZE = 8
BACKEND_ENV = "YJS_QA_BACKEND"  # "auto" (ONNX when the index has it) or "torch" (sentence-transformers)
# onnxruntime's threads for one question's embedding; unset, onnxruntime's own default (one per core).
# `yjs-qa serve --workers N` sets cores // N: onnxruntime's two threads spin while idle, so a question
# cost 25.7 ms of CPU with two against 16.4 ms with one (12.9 / 16.4 ms wall, 2 cores, BENCHMARKS.md),
# and N processes of two would take turns on the cores.
THREADS_ENV = "YJS_QA_THREADS"


def export_dir(index_dir: Path, fingerprint: str) -> Path:
    """Where the ONNX export of the weights with this fingerprint lives inside an index."""
    return index_dir / MODELS_DIR / fingerprint


def backend() -> str:
    """The configured query backend: 'auto' or 'torch'."""
    value = os.environ.get(BACKEND_ENV, "auto").strip().lower() or "auto"
    if value not in ("auto", "torch"):
        raise ModelLoadError(f"{BACKEND_ENV}={value!r} is not a backend; use 'auto' or 'torch'")
    return value


def configured_threads() -> int | None:
    """$YJS_QA_THREADS as a thread count, or None when unset."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ModelLoadError(f"{THREADS_ENV}={raw!r} is not a thread count; use a whole number from 1")
    return int(raw)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_meta(folder: Path) -> dict[str, Any]:
    """The export's meta.json; ModelLoadError if it is missing or not ours."""
    try:
        meta: dict[str, Any] = json.loads((folder / META).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ModelLoadError(f"no ONNX export at {folder}") from exc
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"the ONNX export at {folder} is unreadable ({exc})") from exc
    if meta.get("format") != META_FORMAT:
        raise ModelLoadError(f"the ONNX export at {folder} has format {meta.get('format')!r}")
    return meta


def check_export(folder: Path, *, full: bool) -> dict[str, Any]:
    """The export's meta if its files are whole: sizes always, sha256 too when `full` (~0.1 s)."""
    meta = read_meta(folder)
    files: dict[str, dict[str, Any]] = meta.get("files", {})
    if set(files) != set(EXPORT_FILES):
        raise ModelLoadError(f"the ONNX export at {folder} does not list its files")
    for name, want in files.items():
        path = folder / name
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise ModelLoadError(f"the ONNX export at {folder} has no {name}") from exc
        if size != want["bytes"]:
            raise ModelLoadError(f"{path} is {size} bytes, its export recorded {want['bytes']}")
        if full and file_sha256(path) != want["sha256"]:
            raise ModelLoadError(f"{path} does not match the sha256 its export recorded")
    return meta


class OnnxEmbedder:
    """all-MiniLM-L6-v2 (or any exported model) through onnxruntime: same vectors, no torch."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        meta = check_export(folder, full=False)
        self.folder = folder
        self.name = str(meta["name"])
        self.dimension = int(meta["dimension"])
        self.fingerprint = str(meta["fingerprint"])
        self.max_seq_length = int(meta["max_seq_length"])
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            # Same truncation as sentence-transformers; pad each batch to its longest text only.
            self.tokenizer.enable_truncation(max_length=self.max_seq_length)
            self.tokenizer.enable_padding(pad_id=int(meta["pad_id"]), pad_token=str(meta["pad_token"]))
            opts = ort.SessionOptions()
            threads = threads or configured_threads()
            if threads:
                opts.intra_op_num_threads = threads
            opts.log_severity_level = 3  # errors only: the CLI's stderr is for the user
            self.session = ort.InferenceSession(
                str(folder / "model.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise ModelLoadError(f"cannot load the ONNX export at {folder}: {exc}") from exc
        self._inputs = {i.name for i in self.session.get_inputs()}

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        out = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        return np.asarray(out, dtype=np.float32)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Sorting by length cuts padding inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            out[idx] = self._run([texts[i] for i in idx])
            if progress:
                progress(len(idx))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        return np.asarray(self._run([text])[0])


def open_for_index(index_dir: Path, name: str, dimension: int, fingerprint: str) -> OnnxEmbedder:
    """The ONNX embedder of the weights an index was built with; ModelLoadError if it has none."""
    if not fingerprint:
        raise ModelLoadError("the index does not record its model's fingerprint")
    embedder = OnnxEmbedder(export_dir(index_dir, fingerprint))
    if (embedder.name, embedder.dimension, embedder.fingerprint) != (name, dimension, fingerprint):
        raise ModelLoadError(
            f"the ONNX export at {embedder.folder} is of {embedder.name!r} ({embedder.fingerprint}), "
            f"not {name!r} ({fingerprint})"
        )
    return embedder


def for_queries(index_dir: Path, name: str, dimension: int, fingerprint: str) -> Embedder:
    """The query embedder: the index's ONNX export, else sentence-transformers (said once, on stderr)."""
    if backend() == "auto":
        try:
            return open_for_index(index_dir, name, dimension, fingerprint)
        except ModelLoadError as exc:
            log.warning(
                "note: answering with sentence-transformers, which is slower to start (%s); "
                "`yjs-qa index build` exports the model to ONNX",
                exc,
            )
    return SentenceTransformerEmbedder()
