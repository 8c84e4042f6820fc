"""`yjs-qa serve`: open the index, make the app, run it on uvicorn, in one process or several.

With `workers` > 1, uvicorn's own supervisor runs that many processes on one port (the kernel hands
each connection to one of them). Each worker makes its app with `worker_app()` from the settings
this process puts in $YJS_QA_SERVE (the index folder, the upload token, ...), opens the index
read-only and follows new versions, as any reader does: an add through one worker is seen by all.
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel

from yjs_qa import Library

from .app import create_app
from .observe import ACCESS_LOG, MULTIPROC_ENV
from .shared import TOKEN_ENV

CORS_ENV = "YJS_QA_CORS_ORIGINS"  # comma-separated, as --cors-origin
CONFIG_ENV = "YJS_QA_SERVE"  # the settings each worker process makes its app from (JSON)
THREADS_ENV = "YJS_QA_THREADS"  # onnxruntime's threads per question (the library reads it)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


class ServeConfig(BaseModel):
    """What every worker process needs to make the same app."""

    index: str
    allow_uploads: bool = False
    token: str | None = None
    cors_origins: list[str] = []
    readers: int = 2
    trusted_hosts: list[str] = []
    access_log: bool = True


def serve(
    index: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_uploads: bool = False,
    cors_origins: Sequence[str] = (),
    readers: int = 2,
    workers: int = 1,
    access_log: bool = True,
) -> None:
    """Serve the API and web page for the index at `index` until interrupted.

    With `allow_uploads`, writes need `Authorization: Bearer <token>`: the token is $YJS_QA_TOKEN
    when set, else a new random one printed here, the same in every worker. Raises YjsQaError if
    the index cannot be opened. `workers` processes answer on the one port.
    """
    import uvicorn

    library = Library.open(index)  # here first, so that a missing index fails with its message
    token: str | None = None
    token_from_env = bool(os.environ.get(TOKEN_ENV, "").strip())
    if allow_uploads:
        token = os.environ.get(TOKEN_ENV, "").strip() or secrets.token_urlsafe(24)
    origins = list(cors_origins) or [o.strip() for o in os.environ.get(CORS_ENV, "").split(",") if o.strip()]
    # Bound to this machine only, the server answers only to its own names: a web page elsewhere
    # cannot reach it by pointing a name of its own at 127.0.0.1 (DNS rebinding).
    loopback = host in LOOPBACK
    config = ServeConfig(
        index=str(index),
        allow_uploads=allow_uploads,
        token=token,
        cors_origins=origins,
        readers=readers,
        trusted_hosts=LOOPBACK_NAMES if loopback else [],
        access_log=access_log,
    )
    status = library.status()
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    say = sys.stderr.write
    docs, passages = len(status.documents), status.passages
    say(f"yjs-qa: serving {status.index_dir} ({docs} documents, {passages} passages)")
    say(f", {workers} worker processes\n" if workers > 1 else "\n")
    say(f"  page {url}   API docs {url}docs   health {url}healthz\n")
    if not loopback:
        say(f"  warning: listening on {host}, reachable from other machines\n")
    if allow_uploads:
        if token_from_env:
            say(f"  uploads on: writes need the token in {TOKEN_ENV} (Authorization: Bearer <token>)\n")
        else:
            say(f"  uploads on: writes need  Authorization: Bearer {token}\n")
    if origins:
        say(f"  CORS allowed for: {', '.join(origins)}\n")
    sys.stderr.flush()
    if workers <= 1:
        _log_requests(access_log)
        uvicorn.run(_app(config, library), host=host, port=port, log_level="warning", access_log=False)
        return
    del library  # the supervisor answers nothing; each worker opens its own
    os.environ[CONFIG_ENV] = config.model_dump_json()
    # One onnxruntime thread per core between the workers, unless set (see yjs_qa/index/onnx_embed.py).
    os.environ.setdefault(THREADS_ENV, str(max(1, (os.cpu_count() or 1) // workers)))
    if not os.environ.get(MULTIPROC_ENV):  # where each worker writes its metrics (prometheus-client)
        metrics_dir = tempfile.mkdtemp(prefix="yjs-qa-metrics-")
        atexit.register(shutil.rmtree, metrics_dir, True)
        os.environ[MULTIPROC_ENV] = metrics_dir
    uvicorn.run(
        f"{__name__}:worker_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


def worker_app() -> FastAPI:
    """The app of one worker process (`uvicorn --factory`), from the settings in $YJS_QA_SERVE. It
    answers 503 until its index is open (in the background), then follows new versions."""
    config = ServeConfig.model_validate_json(os.environ[CONFIG_ENV])
    _log_requests(config.access_log)
    return _app(config, Path(config.index))


def _app(config: ServeConfig, library: Library | Path) -> FastAPI:
    return create_app(
        library,
        allow_uploads=config.allow_uploads,
        token=config.token,
        cors_origins=config.cors_origins,
        readers=config.readers,
        trusted_hosts=config.trusted_hosts,
    )


def _log_requests(on: bool) -> None:
    """One line per request on stderr (observe.py writes them), or none."""
    ACCESS_LOG.setLevel(logging.INFO if on else logging.WARNING)
    ACCESS_LOG.propagate = False
    if on and not ACCESS_LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        ACCESS_LOG.addHandler(handler)
