"""The MCP server, through the official SDK's own client: a real stdio session with `yjs-qa mcp`,
and in-process sessions for the details. The fake embedder (YJS_QA_MODEL=hash) keeps them fast."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from yjs_qa import Library
from yjs_qa.testing import HashEmbedder

mcp = pytest.importorskip("mcp")

from mcp import Client, StdioServerParameters  # noqa: E402
from support import CORPUS, KENT, REPORT  # noqa: E402

from yjs_qa.mcp_server import create_server  # noqa: E402

TOOLS = {"ask", "search", "ratings", "recommendations", "documents"}
SERVICES = ["East Sussex", "Essex", "Kent", "Southend-on-Sea"]
SCRIPT = Path(sys.executable).with_name("yjs-qa")


@pytest.fixture(scope="module")
def hash_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("mcp") / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder())
    return index


def stdio_params(index: Path, cwd: Path) -> StdioServerParameters:
    return StdioServerParameters(
        command=str(SCRIPT),
        args=["mcp", "--index", str(index)],
        env={"YJS_QA_MODEL": "hash"},
        cwd=cwd,
    )


def run(session: Callable[[Client], Awaitable[Any]], server: Any) -> Any:
    async def main() -> Any:
        async with Client(server) as client:
            return await session(client)

    return asyncio.run(main())


def enum_of(schema: dict[str, Any], field: str) -> list[str]:
    """The enum of a filter field: one value, or a list of values."""
    options = schema["properties"][field]["anyOf"]
    single = next(o for o in options if o.get("type") == "string")
    listed = next(o for o in options if o.get("type") == "array")
    assert listed["items"]["enum"] == single["enum"]
    return list(single["enum"])


def check_citations(passages: list[dict[str, Any]], lib: Library) -> None:
    """Every passage carries its citation, and its text is the stored passage's, verbatim."""
    stored = {p.id: p for p in lib.passages}
    assert passages
    for p in passages:
        c = p["citation"]
        assert {"document", "service", "standard", "section", "page", "domain", "title"} <= c.keys()
        assert p["text"] == stored[p["id"]].text
        assert c["document"] == stored[p["id"]].document


def test_stdio_session_lists_and_calls_every_tool(hash_index: Path, tmp_path: Path) -> None:
    """`yjs-qa mcp` spawned as a subprocess, driven by the SDK's client over stdio."""
    assert SCRIPT.exists(), SCRIPT
    lib = Library.open(hash_index, embedder=HashEmbedder())

    async def session(client: Client) -> None:
        listed = await client.list_tools()
        tools = {t.name: t for t in listed.tools}
        assert set(tools) == TOOLS
        for t in tools.values():
            assert t.description and t.input_schema["type"] == "object" and t.output_schema
        ask_schema = tools["ask"].input_schema
        assert ask_schema["required"] == ["question"]
        assert enum_of(ask_schema, "service") == SERVICES
        assert "Court disposals" in enum_of(ask_schema, "domain")
        assert "2.2 Planning" in enum_of(ask_schema, "standard")
        assert "Overall" in enum_of(tools["ratings"].input_schema, "standard")
        assert enum_of(tools["ratings"].input_schema, "rating") == [
            "Outstanding",
            "Good",
            "Requires improvement",
            "Inadequate",
        ]

        asked = await client.call_tool(
            "ask", {"question": "contingency planning", "k": 3, "service": "Southend-on-Sea"}
        )
        assert not asked.is_error
        answer = asked.structured_content
        assert answer is not None and answer["found"] and answer["answer"]
        check_citations(answer["passages"], lib)
        assert all(p["citation"]["service"] == "Southend-on-Sea" for p in answer["passages"])
        by_rank = {p["rank"]: p for p in answer["passages"]}
        assert answer["sentences"]
        for s in answer["sentences"]:  # verbatim: the sentence is its passage's text at its offsets
            assert by_rank[s["passage"]]["text"][s["start"] : s["end"]] == s["text"]
        assert asked.content[0].type == "text" and "contingency" in asked.content[0].text

        found = await client.call_tool(
            "search", {"question": "victims", "k": 4, "domain": ["Out-of-court disposals"]}
        )
        assert not found.is_error and found.structured_content is not None
        passages = found.structured_content["passages"]
        check_citations(passages, lib)
        assert len(passages) == 4
        assert {p["citation"]["domain"] for p in passages} == {"Out-of-court disposals"}

        rated = await client.call_tool("ratings", {"service": "Southend-on-Sea", "standard": "Overall"})
        assert not rated.is_error and rated.structured_content is not None
        (overall,) = rated.structured_content["ratings"]
        assert overall["standard_code"] is None and overall["document"] == REPORT
        assert overall["rating"] in {"Outstanding", "Good", "Requires improvement", "Inadequate"}
        assert rated.structured_content["counts"] == []  # asked for one standard: no counts
        sussex = await client.call_tool("ratings", {"service": "East Sussex"})
        assert not sussex.is_error and sussex.structured_content is not None
        assert [(c["count"], c["of"], c["rating"]) for c in sussex.structured_content["counts"]] == [
            (5, 13, "Outstanding"),
            (4, 13, "Good"),
        ]
        pressed = await client.call_tool("ratings", {"kind": "press release"})
        assert not pressed.is_error and pressed.structured_content is not None
        kinds = {d.document: d.kind.value for d in lib.documents}
        assert {kinds[r["document"]] for r in pressed.structured_content["ratings"]} == {"press release"}

        recs = await client.call_tool("recommendations", {"service": ["Southend-on-Sea"]})
        assert not recs.is_error and recs.structured_content is not None
        assert recs.structured_content["recommendations"]
        assert {r["service"] for r in recs.structured_content["recommendations"]} == {"Southend-on-Sea"}

        docs = await client.call_tool("documents", {})
        assert not docs.is_error and docs.structured_content is not None
        assert {d["document"] for d in docs.structured_content["documents"]} == {
            d.document for d in lib.documents
        }

        # A library error is a tool error carrying the library's own message.
        empty = await client.call_tool("ask", {"question": "   "})
        assert empty.is_error
        assert empty.content[0].text.startswith("the question is empty; ask something")
        # A value outside the enums is refused with the valid values.
        wrong = await client.call_tool("search", {"question": "victims", "service": "Atlantis"})
        assert wrong.is_error and "'Kent'" in wrong.content[0].text and "service" in wrong.content[0].text

    run(session, stdio_params(hash_index, tmp_path))


def test_missing_index_fails_before_serving(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SCRIPT), "mcp", "--index", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "no index found at" in done.stderr and "yjs-qa index build" in done.stderr
    assert done.stdout == ""


def test_enums_follow_a_new_index_version(tmp_path: Path) -> None:
    """Another process adds a report: the next tools/list offers its service."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / REPORT, corpus)
    index = tmp_path / "index"
    lib = Library.build(corpus, index, embedder=HashEmbedder())
    server = create_server(lib)

    async def session(client: Client) -> tuple[list[str], list[str]]:
        first = await client.list_tools()
        before = enum_of(next(t for t in first.tools if t.name == "ask").input_schema, "service")
        Library.open(index, embedder=HashEmbedder()).add([CORPUS / KENT])
        second = await client.list_tools(cache_mode="refresh")
        after = enum_of(next(t for t in second.tools if t.name == "ask").input_schema, "service")
        kent = await client.call_tool("search", {"question": "Kent youth justice", "service": "Kent"})
        assert not kent.is_error and kent.structured_content is not None
        assert {p["citation"]["service"] for p in kent.structured_content["passages"]} == {"Kent"}
        return before, after

    before, after = run(session, server)
    assert before == ["Southend-on-Sea"]
    assert after == ["Kent", "Southend-on-Sea"]


def test_rating_question_carries_structured_ratings(fast_lib: Library) -> None:
    async def session(client: Client) -> dict[str, Any]:
        result = await client.call_tool("ask", {"question": "How was Southend-on-Sea rated overall?"})
        assert not result.is_error and result.structured_content is not None
        return dict(result.structured_content)

    answer = run(session, create_server(fast_lib))
    assert answer["ratings"] and answer["ratings"][0]["service"] == "Southend-on-Sea"


def test_arguments_are_checked(fast_lib: Library) -> None:
    async def session(client: Client) -> list[str]:
        texts = []
        for name, args in [
            ("ask", {"question": "planning", "k": 0}),
            ("ask", {"question": "planning", "colour": "blue"}),
            ("ratings", {"rating": "Excellent"}),
            ("search", {"question": "planning", "mode": "magic"}),
            ("search", {"question": "planning", "service": ["Kent", "Atlantis"]}),
        ]:
            result = await client.call_tool(name, args)
            assert result.is_error, (name, args)
            texts.append(result.content[0].text)
        return texts

    k, extra, rating, mode, service = run(session, create_server(fast_lib))
    assert k.startswith("invalid arguments for ask: k:")
    assert "colour" in extra
    assert "'Requires improvement'" in rating
    assert "'keyword'" in mode
    assert service == (
        "invalid arguments for search: service.1: Input should be "
        "'East Sussex', 'Essex', 'Kent' or 'Southend-on-Sea' (got 'Atlantis')"
    )


def test_schemas_come_from_the_librarys_filter_values_and_kinds(fast_lib: Library) -> None:
    from yjs_qa import DocKind
    from yjs_qa.mcp_server import YjsQaMcp

    tools = {t.name: t for t in YjsQaMcp(fast_lib).tools()}
    values = fast_lib.filter_values()
    ask_schema = tools["ask"].input_schema
    assert enum_of(ask_schema, "service") == values.services
    assert enum_of(ask_schema, "domain") == values.domains
    assert enum_of(ask_schema, "standard") == values.standards
    assert enum_of(ask_schema, "kind") == values.kinds
    # Document kinds come from the model, so a new kind (annual report, thematic) is in the schema.
    output = tools["documents"].output_schema
    assert output is not None
    assert output["$defs"]["DocKind"]["enum"] == [k.value for k in DocKind]
