"""Export a sentence-transformers model to ONNX once, offline, into the index it built.

The export is checked against sentence-transformers on probe texts before it is published. It is
written in a folder beside its final place and renamed into it: readers see all of it or nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
import warnings
from pathlib import Path
from typing import Any

from yjs_qa.errors import ModelLoadError
from yjs_qa.index.embed import SentenceTransformerEmbedder, default_model_path, fingerprint, weight_digests
from yjs_qa.index.onnx_embed import (
    EXPORT_FILES,
    META,
    META_FORMAT,
    MODELS_DIR,
    OnnxEmbedder,
    check_export,
    export_dir,
    file_sha256,
)
from yjs_qa.settings import SETTINGS

log = logging.getLogger("yjs_qa")
OPSET = 17
PROBES = [
    "what did inspectors say about contingency planning?",
    "a",
    "Southend-on-Sea youth justice service. Domain two: Court disposals > 2.2 Planning. "
    "Planning to keep people safe was sufficient in most cases.",
    # Longer than max_seq_length, so truncation is part of the check.
    "The partnership arrangements for children at risk of exploitation were strong. " * 40,
]


def has_export(index_dir: Path, fingerprint: str) -> bool:
    """True if a whole export for these weights is in the index (sizes checked, not hashes)."""
    try:
        check_export(export_dir(index_dir, fingerprint), full=False)
    except (ModelLoadError, KeyError):
        return False
    return True


def ensure(index_dir: Path, embedder: object) -> bool:
    """Export a sentence-transformers model into the index unless it is there; under the writer lock.

    Returns whether an export is in place. A failed export is logged, never raised: the build
    stands, and queries use sentence-transformers instead.
    """
    if not isinstance(embedder, SentenceTransformerEmbedder):
        return has_export(index_dir, embedder.fingerprint) if hasattr(embedder, "fingerprint") else False
    if has_export(index_dir, embedder.fingerprint):
        return True
    _remove_unfinished(index_dir)
    try:
        export(embedder, export_dir(index_dir, embedder.fingerprint))
    except Exception as exc:  # torch's exporter raises many kinds; none may fail a build
        log.warning(
            "note: could not export the model to ONNX (%s: %s); questions will load "
            "sentence-transformers, which is slower to start",
            type(exc).__name__,
            exc,
        )
        return False
    return True


def ensure_for_index(index_dir: Path, index_fingerprint: str) -> bool:
    """Export for an index built before exports existed, if the installed model has its weights.

    Hashing the weights costs ~0.1 s and loads no torch; the model loads only to export.
    """
    if not index_fingerprint or has_export(index_dir, index_fingerprint):
        return bool(index_fingerprint)
    try:
        path = default_model_path()
        if fingerprint(weight_digests(path)) != index_fingerprint:
            return False
        return ensure(index_dir, SentenceTransformerEmbedder(path))
    except ModelLoadError:
        return False


def export(embedder: SentenceTransformerEmbedder, final: Path) -> None:
    """Write model.onnx, tokenizer.json and meta.json for `embedder` into the folder `final`."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{uuid.uuid4().hex[:12]}"
    tmp.mkdir()
    try:
        meta = _write_files(embedder, tmp)
        (tmp / META).write_text(json.dumps(meta, indent=2), "utf-8")
        check = OnnxEmbedder(tmp)
        got, want = check.encode(PROBES), embedder.encode(PROBES)
        cosine = float((got * want).sum(axis=1).min())
        if not cosine >= SETTINGS.index.onnx_min_cosine:
            raise ModelLoadError(f"the ONNX export differs from sentence-transformers (cosine {cosine:.6f})")
        meta["probe_min_cosine"] = round(cosine, 7)
        (tmp / META).write_text(json.dumps(meta, indent=2), "utf-8")
        _fsync_tree(tmp)
        try:
            os.rename(tmp, final)
        except OSError:
            if not has_export(final.parent.parent, embedder.fingerprint):
                raise  # a whole export already there is fine; anything else is not
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_files(embedder: SentenceTransformerEmbedder, folder: Path) -> dict[str, Any]:
    import torch

    st: Any = embedder.model  # typed loosely: torch's Module.__getattr__ hides these attributes
    transformer = st[0]
    tokenizer = transformer.tokenizer
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))
    wrapper = _pooled(transformer.auto_model).eval()
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dummy = torch.ones((2, 8), dtype=torch.long)
    axes: dict[str, dict[int, str]] = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["sentence_embedding"] = {0: "batch"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer chatter about constants it handles correctly
        torch.onnx.export(
            wrapper.cpu(),
            (dummy, dummy, torch.zeros_like(dummy)),
            str(folder / "traced.onnx"),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter needs no onnxscript and handles BERT well
        )
    transformer.auto_model.to(st.device)  # .cpu() above moved it off a GPU, if it was on one
    _externalise(folder / "traced.onnx", folder / "model.onnx")
    return {
        "format": META_FORMAT,
        "name": embedder.name,
        "dimension": embedder.dimension,
        "fingerprint": embedder.fingerprint,
        "max_seq_length": int(st.max_seq_length),
        "pad_id": int(tokenizer.pad_token_id),
        "pad_token": str(tokenizer.pad_token),
        "files": {
            name: {"bytes": (folder / name).stat().st_size, "sha256": file_sha256(folder / name)}
            for name in EXPORT_FILES
        },
        "exported_with": {"torch": torch.__version__, "opset": OPSET},
    }


def _externalise(traced: Path, dest: Path) -> None:
    """Re-save the graph with its weights in a separate file, which onnxruntime maps instead of parsing."""
    import onnx

    model = onnx.load(str(traced))
    onnx.save_model(
        model,
        str(dest),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=dest.name + ".data",
        size_threshold=1024,
    )
    traced.unlink()
    dest.with_name(dest.name + ".data").chmod(0o644)  # onnx writes it 0600; readers may be other users


def _pooled(model: Any) -> Any:
    """`model` wrapped to output sentence vectors; the class is made here so torch loads late."""
    import torch

    class Pooled(torch.nn.Module):
        """The transformer plus mean pooling over real tokens and L2 normalisation."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    return Pooled(model)


def _remove_unfinished(index_dir: Path) -> None:
    """Delete half-written exports of a killed writer; we hold the writer lock."""
    models = index_dir / MODELS_DIR
    if models.is_dir():
        for p in models.iterdir():
            if p.name.startswith(".tmp-"):
                shutil.rmtree(p, ignore_errors=True)


def _fsync_tree(root: Path) -> None:
    for p in [*root.iterdir(), root]:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
