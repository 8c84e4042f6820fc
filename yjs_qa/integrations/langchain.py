"""A LangChain retriever over a yjs-qa Library (the optional extra `yjs-qa[langchain]`).

from yjs_qa import Library
from yjs_qa.integrations.langchain import YjsQaRetriever

retriever = YjsQaRetriever(library=Library.open("index"), k=4, service="southend")
docs = retriever.invoke("what did inspectors say about contingency planning?")
docs[0].page_content, docs[0].metadata["citation"], docs[0].metadata["page"]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yjs_qa import FilterSpec, Library, YjsQaError

from . import FilterValue, RetrievalMode, citation_metadata, retrieve

try:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
except ImportError as exc:  # the optional extra is missing
    raise YjsQaError(
        "the LangChain retriever needs langchain-core; install it with: pip install 'yjs-qa[langchain]'"
    ) from exc


class YjsQaRetriever(BaseRetriever):
    """Cited passages from a yjs-qa index as LangChain `Document`s.

    Each document's `page_content` is the passage text, verbatim; its `metadata` holds the citation
    (document, title, service, domain, standard, section, page, ...; see
    `yjs_qa.integrations.citation_metadata`) and its `id` is the stable passage id. Filters take
    what `Library.ask` takes ('southend', 'court disposals', '2.2' or 'planning', or lists); an
    unknown value raises `UnknownFilterError` listing the valid ones.
    """

    library: Library
    k: int | None = None  # the settings' default_k, as Library.ask
    service: FilterValue = None
    domain: FilterValue = None
    standard: FilterValue = None
    kind: FilterValue = None
    mode: RetrievalMode = "ask"

    @property
    def filters(self) -> FilterSpec:
        """The retriever's filters as the one value Library.ask takes."""
        return FilterSpec.of(self.service, self.domain, self.standard, self.kind)

    @classmethod
    def from_index(cls, index_dir: str | Path, **kwargs: Any) -> YjsQaRetriever:
        """A retriever over the index at `index_dir` (opened with its own query model)."""
        return cls(library=Library.open(index_dir), **kwargs)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        passages, found = retrieve(self.library, query, k=self.k, filters=self.filters, mode=self.mode)
        return [
            Document(page_content=p.text, metadata=citation_metadata(p, found), id=p.id) for p in passages
        ]


__all__ = ["YjsQaRetriever"]
