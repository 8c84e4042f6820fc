"""The MCP server: the tools of tools.py over one opened Library, on the SDK's low-level server."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from yjs_qa import FilterChoices, Library, YjsQaError, __version__

from .tools import ToolSpec, tool_specs

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
INSTRUCTIONS = (
    "Answers questions about youth justice inspection reports (HM Inspectorate of Probation and "
    "others) with verbatim, cited passages. Use `ask` for a question, `search` for ranked passages, "
    "`ratings` and `recommendations` for the structured data, `documents` for what is indexed. "
    "Quote the returned sentences and cite document, service, section and page; do not add facts "
    "the passages do not state."
)


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
        self._vocab: FilterChoices | None = None
        self._specs: dict[str, ToolSpec] = {}

    def specs(self) -> dict[str, ToolSpec]:
        """The tools for the live index version; rebuilt when another process publishes a new one."""
        with self._lock:
            self.lib.refresh()
            if self._vocab is None or self._vocab.version != self.lib.version:
                self._vocab = self.lib.filter_choices()
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
