"""`yjs-qa serve`: an HTTP API and a web page over one Library.

The server adds no question-answering logic of its own: every endpoint and page calls the same
public Library methods the command line does. Needs the `[server]` extra (FastAPI, uvicorn, Jinja2).
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
