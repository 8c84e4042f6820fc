"""yjs-qa as an MCP server (Model Context Protocol), over stdio: `yjs-qa mcp --index DIR`.

Five tools, `ask`, `search`, `ratings`, `recommendations` and `documents`, each with a typed input
schema whose filters are enums of the values the index holds (services from its documents, domains
and standards from its passages and ratings), and an output schema from the library's pydantic
models, so results carry their citations and verbatim sentences as structured content. A library
error becomes a tool error (`isError`) carrying the library's own message.

Built on the official `mcp` SDK's low-level server (the optional extra `yjs-qa[mcp]`), because the
schemas are made from the index, not from function signatures, and are made again when a new index
version is published. Only the public names of `yjs_qa` are used.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema, create_model

from yjs_qa import (
    Answer,
    AnswerPassage,
    Document,
    Library,
    Rating,
    Recommendation,
    YjsQaError,
    __version__,
)

try:
    import anyio
    import mcp.types as mcp_types
    from mcp.server import Server, ServerRequestContext
    from mcp.server.stdio import stdio_server
except ImportError as exc:  # the optional extra is missing
    raise YjsQaError(
        "the MCP server needs the mcp package; install it with: pip install 'yjs-qa[mcp]'"
    ) from exc

SERVER_NAME = "yjs-qa"
RATING_VALUES = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
MAX_K = 100
_SEARCH_MODE: Any = (
    Literal["hybrid", "dense", "keyword"],
    Field("hybrid", description="Ranking: hybrid (default), dense (embeddings) or keyword (BM25)."),
)

INSTRUCTIONS = (
    "Answers questions about youth justice inspection reports (HM Inspectorate of Probation and "
    "others) with verbatim, cited passages. Use `ask` for a question, `search` for ranked passages, "
    "`ratings` and `recommendations` for the structured data, `documents` for what is indexed. "
    "Quote the returned sentences and cite document, service, section and page; do not add facts "
    "the passages do not state."
)


class SearchResult(BaseModel):
    """Ranked passages, each with its citation."""

    passages: list[AnswerPassage]


class RatingsResult(BaseModel):
    """Ratings the indexed documents state, each with its source document, passage and page."""

    ratings: list[Rating]


class RecommendationsResult(BaseModel):
    """Recommendations the indexed documents make, with their addressees and sources."""

    recommendations: list[Recommendation]


class DocumentsResult(BaseModel):
    """The documents in the index."""

    documents: list[Document]


@dataclass(frozen=True)
class Vocabulary:
    """The filter values one index version holds: the enums of the tools' input schemas."""

    version: str
    services: list[str]
    domains: list[str]
    standards: list[str]
    rated_services: list[str]
    rating_standards: list[str]
    recommended_services: list[str]

    @classmethod
    def of(cls, lib: Library) -> Vocabulary:
        passages = lib.passages
        ratings = lib.ratings()
        return cls(
            version=lib.version,
            services=sorted({d.service for d in lib.documents if d.service}),
            domains=sorted({p.domain for p in passages if p.domain}),
            standards=sorted({s for p in passages if (s := p.standard)}),
            rated_services=sorted({r.service for r in ratings if r.service}),
            rating_standards=sorted({r.standard for r in ratings}, key=_standard_order),
            recommended_services=sorted({r.service for r in lib.recommendations() if r.service}),
        )


def _standard_order(label: str) -> tuple[int, str]:
    return (0, "") if label == "Overall" else (1, label)


def _choices(values: Sequence[str], description: str) -> Any:
    """An optional filter field: one of `values`, or a list of them (any of which may match);
    a plain string when the index holds none, so the schema stays valid."""
    item: Any = str
    if values:  # an enum even for one value (pydantic would write a `const`)
        schema = {"type": "string", "enum": list(values)}
        item = Annotated[Literal.__getitem__(tuple(values)), WithJsonSchema(schema)]
    return (item | list[item] | None, Field(None, description=description))


def _forbid() -> ConfigDict:
    return ConfigDict(extra="forbid")


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    description: str
    arguments: type[BaseModel]
    result: type[BaseModel]
    run: Callable[[Library, BaseModel, Vocabulary], BaseModel]


def _filter_fields(vocab: Vocabulary) -> dict[str, Any]:
    return {
        "service": _choices(vocab.services, "Only passages from these services' documents."),
        "domain": _choices(vocab.domains, "Only passages in these inspection domains."),
        "standard": _choices(vocab.standards, "Only passages about these standards."),
    }


def tool_specs(vocab: Vocabulary) -> list[ToolSpec]:
    """The five tools, their argument models (with this index's enums) and result models."""
    question = (str, Field(min_length=1, description="The question, in plain words."))
    filters = _filter_fields(vocab)
    ask_args = create_model(
        "AskArguments",
        __config__=_forbid(),
        question=question,
        k=(int, Field(8, ge=1, le=MAX_K, description="How many passages to return.")),
        **filters,
    )
    search_args = create_model(
        "SearchArguments",
        __config__=_forbid(),
        question=question,
        k=(int, Field(10, ge=1, le=MAX_K, description="How many passages to return.")),
        mode=_SEARCH_MODE,
        **filters,
    )
    ratings_args = create_model(
        "RatingsArguments",
        __config__=_forbid(),
        service=_choices(vocab.rated_services, "Only these services' ratings."),
        standard=_choices(vocab.rating_standards, "Only these standards ('Overall': the overall rating)."),
        rating=_choices(RATING_VALUES, "Only these ratings."),
        unique=(
            bool,
            Field(
                True,
                description="One rating per service and standard, from the best source (a report's "
                "own table first); false gives every statement of every document.",
            ),
        ),
    )
    recommendations_args = create_model(
        "RecommendationsArguments",
        __config__=_forbid(),
        service=_choices(vocab.recommended_services, "Only these services' recommendations."),
    )
    documents_args = create_model(
        "DocumentsArguments",
        __config__=_forbid(),
        service=_choices(vocab.services, "Only these services' documents."),
    )
    return [
        ToolSpec(
            "ask",
            "Ask the inspection reports",
            "Answer a question with verbatim sentences from the reports and the cited passages behind "
            "them (document, service, domain, standard, section, page). `found` is false when no "
            "passage answers it. A question about a rating also returns the structured ratings.",
            ask_args,
            Answer,
            _ask,
        ),
        ToolSpec(
            "search",
            "Search passages",
            "Ranked passages for a query, each with its citation; no answer sentences.",
            search_args,
            SearchResult,
            _search,
        ),
        ToolSpec(
            "ratings",
            "Inspection ratings",
            "Ratings the documents state (overall and per standard: Outstanding, Good, Requires "
            "improvement, Inadequate), each with its source document, passage, page and any flags.",
            ratings_args,
            RatingsResult,
            _ratings,
        ),
        ToolSpec(
            "recommendations",
            "Inspection recommendations",
            "Recommendations the inspections make, with whom each is addressed to and where it is stated.",
            recommendations_args,
            RecommendationsResult,
            _recommendations,
        ),
        ToolSpec(
            "documents",
            "Indexed documents",
            "The documents in the index: file name, title, kind, service, date and passage count.",
            documents_args,
            DocumentsResult,
            _documents,
        ),
    ]


def _ask(lib: Library, args: BaseModel, vocab: Vocabulary) -> BaseModel:
    a: Any = args
    return lib.ask(a.question, k=a.k, service=a.service, domain=a.domain, standard=a.standard)


def _search(lib: Library, args: BaseModel, vocab: Vocabulary) -> BaseModel:
    a: Any = args
    passages = lib.search(
        a.question, k=a.k, mode=a.mode, service=a.service, domain=a.domain, standard=a.standard
    )
    return SearchResult(passages=passages)


def _ratings(lib: Library, args: BaseModel, vocab: Vocabulary) -> BaseModel:
    a: Any = args
    return RatingsResult(
        ratings=lib.ratings(service=a.service, standard=a.standard, rating=a.rating, unique=a.unique)
    )


def _recommendations(lib: Library, args: BaseModel, vocab: Vocabulary) -> BaseModel:
    a: Any = args
    return RecommendationsResult(recommendations=lib.recommendations(service=a.service))


def _documents(lib: Library, args: BaseModel, vocab: Vocabulary) -> BaseModel:
    a: Any = args
    wanted = {a.service} if isinstance(a.service, str) else set(a.service or [])
    docs = [d for d in lib.documents if not wanted or d.service in wanted]
    return DocumentsResult(documents=docs)


def _error(message: str) -> mcp_types.CallToolResult:
    return mcp_types.CallToolResult(content=[mcp_types.TextContent(text=message)], is_error=True)


def _invalid_arguments(tool: str, exc: ValidationError) -> str:
    """One readable line per field: the most specific of its errors (a filter takes one value or a
    list, so pydantic reports each wrong value once per form), with the value given."""
    best: dict[str, tuple[int, str]] = {}
    for e in exc.errors():
        loc = [str(p) for p in e["loc"] if not (isinstance(p, str) and "[" in p)]  # not union branches
        where = ".".join(loc) or "arguments"
        got = "" if e["type"] == "missing" else f" (got {repr(e['input'])[:80]})"
        field = loc[0] if loc else where
        if field not in best or len(loc) > best[field][0]:
            best[field] = (len(loc), f"{where}: {e['msg']}{got}")
    return f"invalid arguments for {tool}: " + "; ".join(text for _, text in best.values())


class YjsQaMcp:
    """The tools over one opened Library. Library calls run one at a time, in a worker thread."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self._lock = threading.Lock()
        self._vocab: Vocabulary | None = None
        self._specs: dict[str, ToolSpec] = {}

    def specs(self) -> dict[str, ToolSpec]:
        """The tools for the live index version; rebuilt when another process publishes a new one."""
        with self._lock:
            self.lib.refresh()
            if self._vocab is None or self._vocab.version != self.lib.version:
                self._vocab = Vocabulary.of(self.lib)
                self._specs = {s.name: s for s in tool_specs(self._vocab)}
            return self._specs

    def tools(self) -> list[mcp_types.Tool]:
        return [
            mcp_types.Tool(
                name=s.name,
                title=s.title,
                description=s.description,
                input_schema=s.arguments.model_json_schema(),
                output_schema=s.result.model_json_schema(mode="serialization"),
                annotations=mcp_types.ToolAnnotations(read_only_hint=True, open_world_hint=False),
            )
            for s in self.specs().values()
        ]

    def call(self, name: str, arguments: dict[str, Any]) -> mcp_types.CallToolResult:
        """Run one tool: structured content from the result model, and its JSON as text."""
        spec = self.specs().get(name)
        if spec is None:
            return _error(f"unknown tool {name!r}; the tools are: {', '.join(self._specs)}")
        try:
            args = spec.arguments.model_validate(arguments)
        except ValidationError as exc:
            return _error(_invalid_arguments(name, exc))
        try:
            with self._lock:
                assert self._vocab is not None
                result = spec.run(self.lib, args, self._vocab)
        except YjsQaError as exc:
            return _error(str(exc))
        data = result.model_dump(mode="json")
        return mcp_types.CallToolResult(
            content=[mcp_types.TextContent(text=json.dumps(data, ensure_ascii=False))],
            structured_content=data,
        )

    def server(self) -> Server[Any]:
        """An MCP low-level server exposing the tools."""

        async def list_tools(
            ctx: ServerRequestContext[Any], params: mcp_types.PaginatedRequestParams | None
        ) -> mcp_types.ListToolsResult:
            return mcp_types.ListToolsResult(tools=await anyio.to_thread.run_sync(self.tools))

        async def call_tool(
            ctx: ServerRequestContext[Any], params: mcp_types.CallToolRequestParams
        ) -> mcp_types.CallToolResult:
            arguments = params.arguments or {}
            return await anyio.to_thread.run_sync(self.call, params.name, arguments)

        def input_schema(name: str) -> dict[str, Any] | None:
            spec = self._specs.get(name)
            return None if spec is None else spec.arguments.model_json_schema()

        return Server(
            SERVER_NAME,
            version=__version__,
            title="Youth justice inspection reports",
            instructions=INSTRUCTIONS,
            get_tool_input_schema=input_schema,
            on_list_tools=list_tools,
            on_call_tool=call_tool,
        )


def create_server(lib: Library) -> Server[Any]:
    """The MCP server for an opened Library (also usable in-process: `mcp.Client(create_server(lib))`)."""
    return YjsQaMcp(lib).server()


def serve_stdio(index_dir: Path | str) -> None:
    """Open the index (a missing or unusable one raises its YjsQaError before anything is served),
    then serve the tools over stdin and stdout until the client disconnects."""
    app = YjsQaMcp(Library.open(index_dir))
    app.specs()  # read the vocabulary now, so a damaged index fails here with its message
    server = app.server()

    async def run() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(run)
