"""Which model does what: questions through the index's ONNX export (no torch), new passages through
sentence-transformers, either replaced by the caller's embedder or by $YJS_QA_MODEL=hash; and the
optional cross-encoder, given or named by $YJS_QA_RERANKER."""

from __future__ import annotations

from pathlib import Path

from yjs_qa.errors import IndexMismatchError, ModelLoadError
from yjs_qa.index import onnx_embed
from yjs_qa.index.embed import Embedder, SentenceTransformerEmbedder, embedder_from_env
from yjs_qa.index.manifest import Manifest
from yjs_qa.index.rerank import CrossEncoderReranker, Reranker, configured_reranker
from yjs_qa.models import VerifyReport


class Models:
    """The models one Library uses, each loaded on first use and then kept."""

    def __init__(self, index_dir: Path, embedder: Embedder | None, reranker: Reranker | None) -> None:
        self.index_dir = index_dir
        self._query = embedder
        self._indexer: Embedder | None = None
        self._reranker = reranker
        # Read now, loaded on the first question: a bad path must not stop `status` or `add`.
        self._reranker_path = None if reranker is not None else configured_reranker()

    def check_loaded(self, m: Manifest) -> None:
        """An error unless the query model in use, if any yet, is the one version `m` was built with."""
        if self._query is not None:
            check(self.index_dir, m, self._query)

    def query(self, m: Manifest) -> Embedder:
        """The query model: the given one, $YJS_QA_MODEL's stand-in, the index's ONNX export, else
        sentence-transformers."""
        if self._query is None:
            found = embedder_from_env() or onnx_embed.for_queries(
                self.index_dir, m.model, m.dimension, m.model_fingerprint
            )
            check(self.index_dir, m, found)
            self._query = found
        return self._query

    def indexing(self, m: Manifest) -> Embedder:
        """What embeds new passages: the query model in use unless it is the ONNX copy, else
        $YJS_QA_MODEL's stand-in, else sentence-transformers (on CUDA where there is a GPU). Loaded
        once: a second add need not load the model again."""
        if self._query is not None and not isinstance(self._query, onnx_embed.OnnxEmbedder):
            return self._query
        if self._indexer is None:
            found = for_indexing(None)
            check(self.index_dir, m, found)
            self._indexer = found
        return self._indexer

    def reranker(self) -> Reranker | None:
        """The cross-encoder ask and hybrid search re-order by: the one given, else $YJS_QA_RERANKER's."""
        if self._reranker is None and self._reranker_path is not None:
            self._reranker = CrossEncoderReranker(self._reranker_path)
        return self._reranker


def for_indexing(given: Embedder | None) -> Embedder:
    """The given embedder unless it is the ONNX query copy, else $YJS_QA_MODEL's stand-in, else
    sentence-transformers."""
    if given is not None and not isinstance(given, onnx_embed.OnnxEmbedder):
        return given
    return embedder_from_env() or SentenceTransformerEmbedder()


def check(index_dir: Path, m: Manifest, embedder: Embedder) -> None:
    """An error unless `embedder` is the model, and the weights, the index was built with."""
    if embedder.name != m.model or embedder.dimension != m.dimension:
        raise IndexMismatchError(
            index_dir,
            f"it was built with model {m.model!r} ({m.dimension} dims) but the model in use is "
            f"{embedder.name!r} ({embedder.dimension} dims)",
        )
    if m.model_fingerprint and embedder.fingerprint != m.model_fingerprint:
        raise IndexMismatchError(
            index_dir,
            f"the weights of {embedder.name!r} differ from those it was built with "
            f"(fingerprint {embedder.fingerprint}, index has {m.model_fingerprint})",
        )


def verify_export(index_dir: Path, m: Manifest, report: VerifyReport) -> VerifyReport:
    """`report`, plus a problem if the ONNX export questions run through has lost the bytes it was
    written with."""
    folder = onnx_embed.export_dir(index_dir, m.model_fingerprint)
    if m.model_fingerprint and folder.exists():
        try:
            onnx_embed.check_export(folder, full=True)
        except ModelLoadError as exc:
            report.problems.append(
                f"{exc}; delete {folder} and run `yjs-qa index build` to export the model again"
            )
            report.ok = False
    return report
