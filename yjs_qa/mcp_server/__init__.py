"""yjs-qa as an MCP server (Model Context Protocol), over stdio: `yjs-qa mcp --index DIR`.

Five tools, `ask`, `search`, `ratings`, `recommendations` and `documents`, each with a typed input
schema whose filters are enums of the values the index holds (Library.filter_choices: services,
domains and standards, and the services and standards rated), and an output schema from the
library's pydantic models, so results carry their citations and verbatim sentences as structured
content. A library error becomes a tool error (`isError`) carrying the library's own message.

Built on the official `mcp` SDK's low-level server (the optional extra `yjs-qa[mcp]`), because the
schemas are made from the index, not from function signatures, and are made again when a new index
version is published. Only the public names of `yjs_qa` are used. `schemas.py`: the argument and
result models; `tools.py`: the tools and their Library calls; `server.py`: the protocol.
"""

from __future__ import annotations

from .server import SERVER_NAME, YjsQaMcp, create_server, serve_stdio
from .tools import ToolSpec, tool_specs

__all__ = ["SERVER_NAME", "ToolSpec", "YjsQaMcp", "create_server", "serve_stdio", "tool_specs"]
