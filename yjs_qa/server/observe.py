"""What the server says about itself: one log line per request, Prometheus metrics, security headers.

One plain ASGI middleware does all three, since each needs the request's start and its response's
status: Starlette's `@app.middleware("http")` (BaseHTTPMiddleware) costs a task and a stream per
request, 4 % of the server's samples under load in a profile (BENCHMARKS.md, "Serving an organisation").

Metrics come from `prometheus-client`. With several worker processes each writes its own files
under $PROMETHEUS_MULTIPROC_DIR (`yjs-qa serve --workers` sets one) and /metrics adds them up, the
library's own multi-process mode.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ACCESS_LOG = logging.getLogger("yjs_qa.access")
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "yjs_qa_http_requests",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
)
# Buckets around what a question costs here: ~10 ms alone, ~100-250 ms with 8-32 clients on 2 cores
# (BENCHMARKS.md), up to a cold model load.
LATENCY = Histogram(
    "yjs_qa_http_request_duration_seconds",
    "Time from a request's start to its response's last byte, by route template.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
# One series per process and version (1 for the version it answers from, 0 for those it has left):
# after an add, every worker's series moves to the new version.
INDEX_VERSION = Gauge(
    "yjs_qa_index_version",
    "The index version this process answers from (1), and versions it answered from before (0).",
    ["version"],
    multiprocess_mode="liveall",
)
INDEX_DOCUMENTS = Gauge(
    "yjs_qa_index_documents",
    "Documents in the version this process answers from.",
    multiprocess_mode="liveall",
)

# Pages and the API send these; /docs (Swagger UI, which needs inline script) sends no CSP. The
# page's own policy: scripts and styles from this server only, so an injected <script> or onerror=
# attribute would not run even if escaping ever failed.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
_PAGES = [(b"content-security-policy", PAGE_CSP.encode()), (b"x-frame-options", b"DENY")]


class IndexGauges:
    """Moves the index gauges when this process starts answering from another version."""

    def __init__(self) -> None:
        self.version: str | None = None

    def set(self, version: str | None, documents: int) -> None:
        if version is None or version == self.version:
            return
        if self.version is not None:
            INDEX_VERSION.labels(self.version).set(0)
        INDEX_VERSION.labels(version).set(1)
        INDEX_DOCUMENTS.set(documents)
        self.version = version


def metrics_text() -> tuple[bytes, str]:
    """The Prometheus exposition of this process, or of every worker in multi-process mode."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class Observe:
    """ASGI middleware: security headers on every response, a metric and a log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.pid = os.getpid()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        path: str = scope["path"]
        extra = _ALWAYS if path.startswith("/docs") else _ALWAYS + _PAGES
        status = 500  # what the client gets if the app fails before it starts a response

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in extra if k not in present
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            seconds = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or _route_of(path)
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(route).observe(seconds)
            if ACCESS_LOG.isEnabledFor(logging.INFO):
                client = scope.get("client") or ("-", 0)
                # The path without its query string: questions may name people, and logs are kept.
                ACCESS_LOG.info(
                    '%s "%s %s" %d %.1fms pid=%d',
                    client[0],
                    scope["method"],
                    path,
                    status,
                    seconds * 1000,
                    self.pid,
                )


def _route_of(path: str) -> str:
    """A bounded label for a path no route matched (static files, 404s)."""
    return "/static" if path.startswith("/static/") else "unmatched"
