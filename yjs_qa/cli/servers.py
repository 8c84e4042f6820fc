"""`yjs-qa serve` (the web page and HTTP API) and `yjs-qa mcp`: each imports its extra only when run."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from yjs_qa.cli.common import DEFAULT_INDEX, IndexOpt, app, errors_as_exit
from yjs_qa.cli.render import err


@app.command()
def serve(
    index: IndexOpt = DEFAULT_INDEX,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (this machine only by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_uploads: Annotated[
        bool,
        typer.Option(
            "--allow-uploads",
            help="Allow adding reports over HTTP; writes need the token printed at start (or YJS_QA_TOKEN).",
        ),
    ] = False,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            help="Allow this browser origin to call the API (repeatable; none by "
            "default). Env: YJS_QA_CORS_ORIGINS, comma-separated.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Worker processes answering on the one port (uvicorn's); each opens the index and "
            "follows new versions.",
        ),
    ] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="One line on stderr per request.")
    ] = True,
) -> None:
    r"""Serve the HTTP API and web page (needs the \[server] extra)."""
    try:
        from yjs_qa.server.run import serve as run_server
    except ImportError as exc:
        err.print(
            f"[bold red]error:[/] {escape(str(exc))}; install the server extra: pip install 'yjs-qa[server]'"
        )
        raise typer.Exit(1) from None
    with errors_as_exit():
        run_server(
            index,
            host=host,
            port=port,
            allow_uploads=allow_uploads,
            cors_origins=cors_origin or [],
            workers=workers,
            access_log=access_log,
        )


@app.command("mcp")
def mcp_command(index: IndexOpt = DEFAULT_INDEX) -> None:
    r"""Serve the index to AI assistants over MCP (stdio): ask, search, ratings, recommendations,
    documents. Needs the mcp extra: pip install 'yjs-qa\[mcp]'."""
    with errors_as_exit():
        from yjs_qa.mcp_server import serve_stdio  # imported here: the other commands start without it

        serve_stdio(index)
