"""Retrievers over a yjs-qa Library for other frameworks (optional extras):

- `yjs_qa.integrations.langchain.YjsQaRetriever`: a LangChain `BaseRetriever` (`yjs-qa[langchain]`);
- `yjs_qa.integrations.llama_index.YjsQaRetriever`: a LlamaIndex `BaseRetriever` (`yjs-qa[llamaindex]`).

Both return the passages `Library.ask` (or `Library.search`) ranks, with the citation fields as
flat metadata (`citation_metadata`); `citation_of` reads a `Citation` back from that metadata.
This module imports neither framework; only the public names of `yjs_qa` are used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

from yjs_qa import AnswerPassage, Citation, FilterSpec, Library

RetrievalMode = Literal["ask", "hybrid", "dense", "keyword"]
"""How passages are ranked: "ask" ranks as `Library.ask` does (hybrid search, then the top passages
re-ranked by their best sentence; highlights filled in), the others are `Library.search` modes."""

FilterValue = str | Sequence[str] | None

# Metadata an LLM prompt need not see (LlamaIndex leaves these out of the text it sends).
NOT_FOR_PROMPTS = (
    "passage_id",
    "rank",
    "score",
    "found",
    "doc_kind",
    "section_kind",
    "page_end",
    "highlights",
    "date",
    "title",
    "domain",
    "section",
    "page",
    "document",
)


def retrieve(
    library: Library,
    query: str,
    *,
    k: int | None = None,
    filters: FilterSpec | None = None,
    mode: RetrievalMode = "ask",
) -> tuple[list[AnswerPassage], bool | None]:
    """The ranked passages for `query`, and (in "ask" mode) whether the corpus answers it. `k`:
    the settings' default_k where not given, as Library.ask."""
    if mode not in get_args(RetrievalMode):
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(get_args(RetrievalMode))}")
    if mode == "ask":
        answer = library.ask(query, k=k, filters=filters)
        return answer.passages, answer.found
    passages = library.search(query, k=k if k is not None else SEARCH_K, mode=mode, filters=filters)
    return passages, None


SEARCH_K = 10  # Library.search's own default, for the search modes


def citation_metadata(passage: AnswerPassage, found: bool | None = None) -> dict[str, Any]:
    """A passage's citation as flat metadata (strings, numbers, None; `highlights` a list of the
    passage's best sentences, verbatim), with its id, rank and score."""
    c = passage.citation
    return {
        "passage_id": passage.id,
        "rank": passage.rank,
        "score": passage.score,
        "found": found,
        "citation": c.label,
        "document": c.document,
        "title": c.title,
        "doc_kind": c.doc_kind.value,
        "service": c.service,
        "date": c.date,
        "domain": c.domain,
        "standard": c.standard,
        "section": c.section,
        "section_kind": c.section_kind.value,
        "page": c.page,
        "page_end": c.page_end,
        "highlights": [passage.text[s.start : s.end] for s in passage.highlights],
    }


def citation_of(metadata: Mapping[str, Any]) -> Citation:
    """The `Citation` back from a retrieved document's or node's metadata."""
    return Citation.model_validate({f: metadata[f] for f in Citation.model_fields if f in metadata})


__all__ = ["NOT_FOR_PROMPTS", "RetrievalMode", "citation_metadata", "citation_of", "retrieve"]
