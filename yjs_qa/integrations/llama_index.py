"""A LlamaIndex retriever over a yjs-qa Library (the optional extra `yjs-qa[llamaindex]`).

from llama_index.core.query_engine import RetrieverQueryEngine
from yjs_qa import Library
from yjs_qa.integrations.llama_index import YjsQaRetriever

retriever = YjsQaRetriever(Library.open("index"), k=4, standard="2.2")
engine = RetrieverQueryEngine.from_args(retriever, llm=my_llm)
response = engine.query("what did inspectors say about planning?")
response.source_nodes[0].node.metadata["citation"]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yjs_qa import FilterSpec, Library, YjsQaError

from . import NOT_FOR_PROMPTS, FilterValue, RetrievalMode, citation_metadata, retrieve

try:
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.callbacks import CallbackManager
    from llama_index.core.schema import (
        NodeRelationship,
        NodeWithScore,
        QueryBundle,
        RelatedNodeInfo,
        TextNode,
    )
except ImportError as exc:  # the optional extra is missing
    raise YjsQaError(
        "the LlamaIndex retriever needs llama-index-core; install it with: pip install 'yjs-qa[llamaindex]'"
    ) from exc


class YjsQaRetriever(BaseRetriever):
    """Cited passages from a yjs-qa index as LlamaIndex `NodeWithScore`s.

    Each node is a `TextNode` whose text is the passage, verbatim, whose id is the stable passage
    id, whose source is the document's file name, and whose metadata holds the citation (see
    `yjs_qa.integrations.citation_metadata`); only the one-line `citation`, `service` and
    `standard` reach an LLM's prompt. The score is the fused retrieval score. Filters take what
    `Library.ask` takes; an unknown value raises `UnknownFilterError` listing the valid ones.
    """

    def __init__(
        self,
        library: Library,
        *,
        k: int | None = None,
        service: FilterValue = None,
        domain: FilterValue = None,
        standard: FilterValue = None,
        kind: FilterValue = None,
        mode: RetrievalMode = "ask",
        callback_manager: CallbackManager | None = None,
    ) -> None:
        super().__init__(callback_manager=callback_manager)
        self.library = library
        self.k = k  # None: the settings' default_k, as Library.ask
        self.filters = FilterSpec.of(service, domain, standard, kind)
        self.mode: RetrievalMode = mode

    @classmethod
    def from_index(cls, index_dir: str | Path, **kwargs: Any) -> YjsQaRetriever:
        """A retriever over the index at `index_dir` (opened with its own query model)."""
        return cls(Library.open(index_dir), **kwargs)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        passages, found = retrieve(
            self.library, query_bundle.query_str, k=self.k, filters=self.filters, mode=self.mode
        )
        hidden = list(NOT_FOR_PROMPTS)
        return [
            NodeWithScore(
                node=TextNode(
                    id_=p.id,
                    text=p.text,
                    metadata=citation_metadata(p, found),
                    excluded_llm_metadata_keys=hidden,
                    excluded_embed_metadata_keys=hidden,
                    relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=p.citation.document)},
                ),
                score=p.score,
            )
            for p in passages
        ]


__all__ = ["YjsQaRetriever"]
