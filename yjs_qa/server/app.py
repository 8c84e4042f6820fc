"""The FastAPI application: the JSON API (api.py) and the web page (pages.py) over one pool of
Libraries, with the security headers, metrics, error handlers and local static files they share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from yjs_qa import FilterChoices, Library, UnknownFilterError, YjsQaError, __version__

from .api import api_router
from .contract import MAX_QUESTION_CHARS, ErrorBody, one_error_body, with_vocabulary
from .observe import PAGE_CSP, IndexGauges, Observe
from .pages import error_page
from .pages import router as pages_router
from .pool import IndexNotReady, Libraries, WriterBusy
from .shared import TOKEN_ENV, error_status

__all__ = ["PAGE_CSP", "TOKEN_ENV", "create_app"]

HERE = Path(__file__).resolve().parent
# Paths whose errors are JSON (ErrorBody); any other path is a page and gets an HTML error page.
JSON_PATHS = ("/api/", "/openapi", "/docs", "/static/", "/healthz", "/metrics")


def create_app(
    library: Library | Path,
    *,
    allow_uploads: bool = False,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    readers: int = 2,
    trusted_hosts: Sequence[str] = (),
) -> FastAPI:
    """The web app over `library` (its index folder is shared with readers opened alongside it).

    `library` may also be an index folder: the app then opens it in the background when it starts,
    answering 503 (and /healthz 503) until it is open, and waits for an index that is not there
    yet, as a worker process or a replica started before the first build does.
    With `allow_uploads`, POST /api/documents and the add-reports page are on, and need
    `Authorization: Bearer <token>`. `cors_origins` allows those origins to call the API from a
    browser (none by default). `readers` Library objects answer questions side by side.
    `trusted_hosts`, when given, are the only Host headers served (against DNS rebinding).
    """
    if allow_uploads and not token:
        raise ValueError("allow_uploads needs a token")
    if isinstance(library, Library):
        libs = Libraries(library, readers=readers)
    else:
        libs = Libraries.pending(Path(library), readers=readers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        libs.start()
        yield

    app = FastAPI(
        title="yjs-qa",
        version=__version__,
        description="Ask questions of youth justice inspection reports; every answer is cited. Every "
        "error is an `ErrorBody`: `detail` says what to do, `error` names the kind.",
        docs_url=None,  # served below from local files, not a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.libraries = libs
    app.state.allow_uploads = allow_uploads
    gauges = IndexGauges()
    libs.on_version = gauges.set
    gauges.set(libs.health().version, libs.health().documents)
    if trusted_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(trusted_hosts))
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(Observe)  # outermost: times and counts every request, adds the headers

    _error_handlers(app)
    _static(app)
    app.include_router(api_router(libs, allow_uploads=allow_uploads, token=token))
    app.include_router(pages_router)
    _openapi(app, libs)
    return app


def _openapi(app: FastAPI, libs: Libraries) -> None:
    """The OpenAPI document, with the bearer token declared (so /docs has an Authorize button) and
    each filter's values from the version this process answers from (made again for a new one)."""
    original = app.openapi
    made: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if "base" not in made:
            base = one_error_body(original())
            base.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
                "type": "http",
                "scheme": "bearer",
            }
            made["base"] = base
        vocab: FilterChoices | None = None
        if libs.ready:
            with libs.reader() as lib:
                if made.get("version") == lib.version:
                    return made["schema"]  # type: ignore[no-any-return]
                vocab = lib.filter_choices()
        made["schema"] = with_vocabulary(made["base"], vocab)
        made["version"] = vocab.version if vocab else None
        return made["schema"]  # type: ignore[no-any-return]

    app.openapi = openapi  # type: ignore[method-assign]


def _error(
    status: int, detail: str, error: str, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    body = ErrorBody(detail=detail, error=error, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method some route at this path takes (the router's own 405 names only the first)."""
    routes = request.app.router.routes
    allowed = [
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes)
    ]
    return ", ".join(allowed)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith(JSON_PATHS):
            return error_page(request, exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        kind = HTTPStatus(exc.status_code).phrase.title().replace(" ", "").replace("-", "")
        return _error(exc.status_code, str(exc.detail), kind, headers or None)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        # A question that is missing, empty or too long is the library's QuestionError (400), as it
        # always was; the schema states the same limits, so a client can know them beforehand.
        if problems and all(p["loc"][-1:] == ["question"] for p in problems):
            return _error(400, _question_problem(str(problems[0]["type"])), "QuestionError")
        detail = "; ".join(f"{'.'.join(map(str, p['loc'][1:])) or 'body'}: {p['msg']}" for p in problems)
        return _error(422, detail or "the request is not valid", "RequestValidationError", errors=problems)

    @app.exception_handler(YjsQaError)
    async def library_error(request: Request, exc: YjsQaError) -> Response:
        extra: dict[str, Any] = {}
        if isinstance(exc, UnknownFilterError):
            extra = {"field": exc.field, "value": exc.value, "valid": list(exc.valid)}
        return _error(error_status(exc), str(exc), type(exc).__name__, **extra)

    @app.exception_handler(WriterBusy)
    async def writer_busy(request: Request, exc: WriterBusy) -> Response:
        return _error(409, str(exc), "WriterBusy")

    @app.exception_handler(IndexNotReady)
    async def not_ready(request: Request, exc: IndexNotReady) -> Response:
        if not request.url.path.startswith(JSON_PATHS):
            return error_page(request, 503, str(exc))
        # A pending pool looks for its index again every RETRY_SECONDS (pool.py): 1 s.
        return _error(503, str(exc), "IndexNotReady", {"Retry-After": "1"})


def _question_problem(kind: str) -> str:
    if kind in ("string_too_long",):
        return f"the question is over the {MAX_QUESTION_CHARS:,} limit (characters as sent); shorten it"
    return "the question is empty; ask something, e.g. 'what did inspectors say about planning?'"


def _static(app: FastAPI) -> None:
    import swagger_ui_bundle

    app.mount(
        "/static/swagger", StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path)), name="swagger"
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="yjs-qa API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )
