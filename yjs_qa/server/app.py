"""The FastAPI application: the JSON API (api.py) and the web page (pages.py) over one pool of
Libraries, with the security headers, error handlers and local static files they share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from yjs_qa import Library, UnknownFilterError, YjsQaError, __version__

from .api import api_router
from .pages import error_page
from .pages import router as pages_router
from .pool import Libraries, WriterBusy
from .shared import TOKEN_ENV, error_status

__all__ = ["TOKEN_ENV", "create_app"]

HERE = Path(__file__).resolve().parent
# The page's own policy: scripts and styles from this server only, so an injected <script> or
# onerror= attribute would not run even if escaping ever failed. Swagger UI (/docs) is exempt.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(
    library: Library,
    *,
    allow_uploads: bool = False,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    readers: int = 2,
    trusted_hosts: Sequence[str] = (),
) -> FastAPI:
    """The web app over `library` (its index folder is shared with readers opened alongside it).

    With `allow_uploads`, POST /api/documents and the add-reports page are on, and need
    `Authorization: Bearer <token>`. `cors_origins` allows those origins to call the API from a
    browser (none by default). `readers` Library objects answer questions side by side.
    `trusted_hosts`, when given, are the only Host headers served (against DNS rebinding).
    """
    if allow_uploads and not token:
        raise ValueError("allow_uploads needs a token")
    libs = Libraries(library, readers=readers)
    app = FastAPI(
        title="yjs-qa",
        version=__version__,
        description="Ask questions of youth justice inspection reports; every answer is cited.",
        docs_url=None,  # served below from local files, not a CDN
        redoc_url=None,
    )
    app.state.libraries = libs
    app.state.allow_uploads = allow_uploads
    if trusted_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(trusted_hosts))
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith("/docs"):
            response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    _error_handlers(app)
    _static(app)
    app.include_router(api_router(libs, allow_uploads=allow_uploads, token=token))
    app.include_router(pages_router)
    _bearer_scheme(app)
    return app


def _bearer_scheme(app: FastAPI) -> None:
    """Declare the bearer token in the OpenAPI document, so /docs has an Authorize button."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
                "type": "http",
                "scheme": "bearer",
            }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if path.startswith(("/api/", "/openapi", "/docs", "/static/")):
            return await http_exception_handler(request, exc)
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(YjsQaError)
    async def library_error(request: Request, exc: YjsQaError) -> JSONResponse:
        body: dict[str, Any] = {"detail": str(exc), "error": type(exc).__name__}
        if isinstance(exc, UnknownFilterError):
            body.update(field=exc.field, value=exc.value, valid=exc.valid)
        return JSONResponse(body, status_code=error_status(exc))

    @app.exception_handler(WriterBusy)
    async def writer_busy(request: Request, exc: WriterBusy) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "error": "WriterBusy"}, status_code=409)


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
