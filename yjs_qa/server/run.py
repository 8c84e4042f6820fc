"""`yjs-qa serve`: open the index, make the app, run it on uvicorn."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from yjs_qa import Library

from .app import create_app
from .shared import TOKEN_ENV

CORS_ENV = "YJS_QA_CORS_ORIGINS"  # comma-separated, as --cors-origin
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    index: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_uploads: bool = False,
    cors_origins: Sequence[str] = (),
    readers: int = 2,
) -> None:
    """Serve the API and web page for the index at `index` until interrupted.

    With `allow_uploads`, writes need `Authorization: Bearer <token>`: the token is $YJS_QA_TOKEN
    when set, else a new random one printed here. Raises YjsQaError if the index cannot be opened.
    """
    import uvicorn

    library = Library.open(index)
    token: str | None = None
    if allow_uploads:
        token = os.environ.get(TOKEN_ENV, "").strip() or secrets.token_urlsafe(24)
    origins = list(cors_origins) or [o.strip() for o in os.environ.get(CORS_ENV, "").split(",") if o.strip()]
    # Bound to this machine only, the server answers only to its own names: a web page elsewhere
    # cannot reach it by pointing a name of its own at 127.0.0.1 (DNS rebinding).
    loopback = host in LOOPBACK
    app = create_app(
        library,
        allow_uploads=allow_uploads,
        token=token,
        cors_origins=origins,
        readers=readers,
        trusted_hosts=["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else (),
    )
    status = library.status()
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    say = sys.stderr.write
    docs, passages = len(status.documents), status.passages
    say(f"yjs-qa: serving {status.index_dir} ({docs} documents, {passages} passages)\n")
    say(f"  page {url}   API docs {url}docs\n")
    if not loopback:
        say(f"  warning: listening on {host}, reachable from other machines\n")
    if allow_uploads:
        if os.environ.get(TOKEN_ENV, "").strip():
            say(f"  uploads on: writes need the token in {TOKEN_ENV} (Authorization: Bearer <token>)\n")
        else:
            say(f"  uploads on: writes need  Authorization: Bearer {token}\n")
    if origins:
        say(f"  CORS allowed for: {', '.join(origins)}\n")
    sys.stderr.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning")
