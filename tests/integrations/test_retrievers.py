"""The LangChain and LlamaIndex retrievers, through the real frameworks: a LangChain runnable chain
and a LlamaIndex RetrieverQueryEngine with its MockLLM. The citations must survive the round trip."""

from __future__ import annotations

import asyncio

import pytest

from yjs_qa import Library, UnknownFilterError
from yjs_qa.integrations import citation_metadata, citation_of, retrieve

QUESTION = "contingency planning"  # answered even by the fake embedder


def test_metadata_holds_the_citation(fast_lib: Library) -> None:
    passages, found = retrieve(fast_lib, QUESTION, k=3)
    assert found is True and len(passages) == 3
    for p in passages:
        meta = citation_metadata(p, found)
        assert citation_of(meta) == p.citation
        assert meta["passage_id"] == p.id and meta["citation"] == p.citation.label
        assert all(isinstance(h, str) and h in p.text for h in meta["highlights"])
    assert any(citation_metadata(p)["highlights"] for p in passages)  # ask fills in highlights
    searched, none = retrieve(fast_lib, QUESTION, k=3, mode="keyword")
    assert none is None and len(searched) == 3
    with pytest.raises(ValueError, match="unknown mode"):
        retrieve(fast_lib, QUESTION, mode="magic")  # type: ignore[arg-type]


@pytest.mark.filterwarnings("ignore:The function .loads. is in beta")
def test_langchain_chain_keeps_citations(fast_lib: Library) -> None:
    pytest.importorskip("langchain_core")
    from langchain_core.documents import Document
    from langchain_core.load import dumps, loads
    from langchain_core.runnables import RunnableLambda

    from yjs_qa.integrations.langchain import YjsQaRetriever

    retriever = YjsQaRetriever(library=fast_lib, k=4, service="southend", standard="planning")

    def format_docs(docs: list[Document]) -> str:
        return "\n\n".join(f"[{d.metadata['rank']}] {d.metadata['citation']}\n{d.page_content}" for d in docs)

    chain = retriever | RunnableLambda(format_docs)
    text = chain.invoke(QUESTION)

    expected = fast_lib.ask(QUESTION, k=4, service="southend", standard="planning").passages
    assert len(expected) == 4
    for p in expected:
        assert f"[{p.rank}] {p.citation.label}\n{p.text}" in text

    docs = retriever.invoke(QUESTION)
    assert [d.id for d in docs] == [p.id for p in expected]
    assert [citation_of(d.metadata) for d in docs] == [p.citation for p in expected]
    assert {d.metadata["service"] for d in docs} == {"Southend-on-Sea"}
    assert all(d.metadata["standard"] in {"2.2 Planning", "3.2 Planning"} for d in docs)

    # LangChain's own serialisation, and the async and batch paths, keep the citations too.
    again = loads(dumps(docs), allowed_objects=[Document])
    assert [citation_of(d.metadata) for d in again] == [p.citation for p in expected]
    async_docs = asyncio.run(retriever.ainvoke(QUESTION))
    assert [d.metadata for d in async_docs] == [d.metadata for d in docs]
    batch = retriever.batch([QUESTION, "victims"])
    assert len(batch) == 2 and batch[0] == docs

    with pytest.raises(UnknownFilterError, match="Valid values"):
        YjsQaRetriever(library=fast_lib, service="atlantis").invoke(QUESTION)


def test_llama_index_query_engine_keeps_citations(fast_lib: Library) -> None:
    pytest.importorskip("llama_index.core")
    from llama_index.core.llms import MockLLM
    from llama_index.core.query_engine import RetrieverQueryEngine

    from yjs_qa.integrations.llama_index import YjsQaRetriever

    retriever = YjsQaRetriever(fast_lib, k=3, domain="court disposals")
    engine = RetrieverQueryEngine.from_args(retriever, llm=MockLLM())
    response = engine.query(QUESTION)

    expected = fast_lib.ask(QUESTION, k=3, domain="court disposals").passages
    assert len(expected) == 3
    nodes = response.source_nodes
    assert [n.node.node_id for n in nodes] == [p.id for p in expected]
    assert [n.score for n in nodes] == [p.score for p in expected]
    assert [n.node.get_content() for n in nodes] == [p.text for p in expected]
    assert [citation_of(n.node.metadata) for n in nodes] == [p.citation for p in expected]
    assert {n.node.metadata["domain"] for n in nodes} == {"Court disposals"}
    assert nodes[0].node.ref_doc_id == expected[0].citation.document
    # MockLLM echoes its prompt: the context it was given carries each passage's one-line citation.
    answer = str(response)
    for p in expected:
        assert p.citation.label in answer
    assert "passage_id" not in answer  # bookkeeping stays out of the prompt

    with pytest.raises(UnknownFilterError, match="Valid values"):
        YjsQaRetriever(fast_lib, standard="9.9").retrieve(QUESTION)
