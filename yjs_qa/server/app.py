"""The FastAPI application: a JSON API over the Library's public methods, and the web page."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from yjs_qa import (
    Answer,
    AnswerPassage,
    Document,
    IndexMismatchError,
    IndexNotFoundError,
    IndexStatus,
    InputFileError,
    Library,
    Mode,
    ModelLoadError,
    Passage,
    QuestionError,
    Rating,
    Recommendation,
    UnknownFilterError,
    UpdateReport,
    WriterBusyError,
    YjsQaError,
    __version__,
)

from .pool import Libraries, WriterBusy, passages_by_document
from .uploads import MAX_FILES, add_uploads, max_request_bytes

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "YJS_QA_TOKEN"
# The page's own policy: scripts and styles from this server only, so an injected <script> or
# onerror= attribute would not run even if escaping ever failed. Swagger UI (/docs) is exempt.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

FilterQuery = Annotated[list[str] | None, Query(description="Repeat to allow several values.")]


class AskRequest(BaseModel):
    """The body of POST /api/ask: the same fields as GET /api/ask."""

    question: str = Field("", description="The question, in plain words.")
    k: int = Field(8, ge=1, le=100, description="How many passages to return.")
    service: list[str] = Field(default_factory=list, description="Only these services, e.g. 'southend'.")
    domain: list[str] = Field(default_factory=list, description="Only these domains, e.g. 'court disposals'.")
    standard: list[str] = Field(default_factory=list, description="Only these standards, e.g. '2.2'.")

    @field_validator("service", "domain", "standard", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value


class DocumentPassages(BaseModel):
    """A document and its passages in reading order."""

    document: Document
    passages: list[Passage]


class AddProgressModel(BaseModel):
    """The add running now, if any: files uploaded, passages embedded so far of the total."""

    running: bool
    files: int
    done: int
    total: int


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

    def require_token(request: Request) -> None:
        if not allow_uploads:
            raise HTTPException(403, "uploads are off; start the server with `yjs-qa serve --allow-uploads`")
        assert token is not None
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), token.encode()):
            raise HTTPException(
                401,
                "a valid token is needed: send `Authorization: Bearer <token>` with the token the server "
                f"printed at start (or {TOKEN_ENV})",
                headers={"WWW-Authenticate": "Bearer"},
            )

    # --- the API ------------------------------------------------------------------------------

    @app.get("/api/ask", response_model=Answer, tags=["questions"])
    def ask_get(
        question: Annotated[str, Query(description="The question, in plain words.")] = "",
        k: Annotated[int, Query(ge=1, le=100, description="How many passages to return.")] = 8,
        service: FilterQuery = None,
        domain: FilterQuery = None,
        standard: FilterQuery = None,
    ) -> Answer:
        """Answer a question with extractive sentences and cited passages (Library.ask)."""
        with libs.reader(refresh=False) as lib:  # ask follows the index itself
            return lib.ask(question, k=k, service=service, domain=domain, standard=standard)

    @app.post("/api/ask", response_model=Answer, tags=["questions"])
    def ask_post(body: AskRequest) -> Answer:
        """The same as GET /api/ask, with the fields as JSON."""
        with libs.reader(refresh=False) as lib:
            return lib.ask(
                body.question, k=body.k, service=body.service, domain=body.domain, standard=body.standard
            )

    @app.get("/api/search", response_model=list[AnswerPassage], tags=["questions"])
    def search(
        question: Annotated[str, Query(description="What to search for.")] = "",
        k: Annotated[int, Query(ge=1, le=100)] = 10,
        mode: Annotated[Mode, Query(description="hybrid, dense or keyword.")] = Mode.HYBRID,
        service: FilterQuery = None,
        domain: FilterQuery = None,
        standard: FilterQuery = None,
    ) -> list[AnswerPassage]:
        """Ranked, cited passages only (Library.search)."""
        with libs.reader(refresh=False) as lib:
            return lib.search(question, k, mode=mode, service=service, domain=domain, standard=standard)

    @app.get("/api/ratings", response_model=list[Rating], tags=["ratings"])
    def ratings(
        service: FilterQuery = None,
        standard: Annotated[
            list[str] | None, Query(description="'2.1', 'planning' or 'overall'; repeatable.")
        ] = None,
        rating: Annotated[list[str] | None, Query(description="e.g. 'Inadequate'; repeatable.")] = None,
        unique: Annotated[bool, Query(description="One per service and standard, best source.")] = False,
    ) -> list[Rating]:
        """Ratings the documents state, with their sources and flags (Library.ratings)."""
        with libs.reader() as lib:
            return lib.ratings(service=service, standard=standard, rating=rating, unique=unique)

    @app.get("/api/recommendations", response_model=list[Recommendation], tags=["ratings"])
    def recommendations(service: FilterQuery = None) -> list[Recommendation]:
        """Recommendations the documents state, with whom each is addressed to."""
        with libs.reader() as lib:
            return lib.recommendations(service=service)

    @app.get("/api/documents", response_model=list[Document], tags=["documents"])
    def documents() -> list[Document]:
        """Every indexed document."""
        with libs.reader() as lib:
            return lib.documents

    @app.get("/api/documents/{name}", response_model=DocumentPassages, tags=["documents"])
    def document(name: str) -> DocumentPassages:
        """One document and its passages in reading order (ids as in citations)."""
        with libs.reader() as lib:
            doc = next((d for d in lib.documents if d.document == name), None)
            if doc is None:
                raise HTTPException(404, f"no document {name!r} in the index; GET /api/documents lists them")
            grouped = libs.per_version("passages", lib, passages_by_document)
            assert isinstance(grouped, dict)
            return DocumentPassages(document=doc, passages=grouped.get(name, []))

    @app.get("/api/status", response_model=IndexStatus, tags=["documents"])
    def status() -> IndexStatus:
        """What the index holds: documents, passages, model, version."""
        with libs.reader() as lib:
            return lib.status()

    @app.get("/api/progress", response_model=AddProgressModel, tags=["documents"])
    def progress() -> AddProgressModel:
        """The add running now, if any (for a progress bar)."""
        return AddProgressModel.model_validate(libs.progress.snapshot())

    @app.post(
        "/api/documents",
        response_model=UpdateReport,
        tags=["documents"],
        dependencies=[Depends(require_token)],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["files"],
                            "properties": {
                                "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                            },
                        }
                    }
                },
            },
            "security": [{"bearer": []}],
        },
    )
    async def add_documents(request: Request) -> UpdateReport:
        """Add reports (PDF, HTML, DOCX, TXT, MD), as `yjs-qa add` does: multipart field `files`,
        one or more. Needs the server's `--allow-uploads` and `Authorization: Bearer <token>`.
        Returns what was added, updated, unchanged, skipped and failed, with reasons."""
        # The token is checked before the body is read: a refused request writes nothing.
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            raise HTTPException(411, "send the upload with a Content-Length header")
        limit = max_request_bytes()
        if int(length) > limit:
            raise HTTPException(
                413,
                f"the upload is {int(length) / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB one request may "
                "carry; send fewer files at once (YJS_QA_MAX_FILE_MB sets the per-file limit)",
            )
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise HTTPException(415, "send the reports as multipart/form-data, in the field `files`")
        form = await request.form(max_files=MAX_FILES, max_fields=20)
        try:
            files = [v for key, v in form.multi_items() if key == "files" and isinstance(v, UploadFile)]
            if not files:
                raise HTTPException(400, "no file was sent; put one or more in the multipart field `files`")
            uploads = [(f.filename, f.file) for f in files]
            return await run_in_threadpool(_add, libs, uploads)
        finally:
            await form.close()

    from .pages import router

    app.include_router(router)
    _bearer_scheme(app)
    return app


def _add(libs: Libraries, uploads: list[tuple[str | None, Any]]) -> UpdateReport:
    with libs.writer() as writer:
        libs.progress.update(running=True, files=len(uploads), done=0, total=0)
        try:
            return add_uploads(
                writer, uploads, progress=lambda done, total: libs.progress.update(done=done, total=total)
            )
        finally:
            libs.progress.update(running=False)


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


# Library errors keep their messages; each kind gets its own status.
ERROR_STATUS: dict[type[YjsQaError], int] = {
    UnknownFilterError: 422,
    QuestionError: 400,
    InputFileError: 400,
    WriterBusyError: 409,
    IndexNotFoundError: 503,
    IndexMismatchError: 503,
    ModelLoadError: 503,
}


def error_status(exc: YjsQaError) -> int:
    return next((code for kind, code in ERROR_STATUS.items() if isinstance(exc, kind)), 400)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if path.startswith(("/api/", "/openapi", "/docs", "/static/")):
            return await http_exception_handler(request, exc)
        from .pages import error_page

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


def document_url(name: str, passage_id: str | None = None) -> str:
    """The document page of `name`, at one passage if given."""
    url = "/documents/" + quote(name, safe="")
    return url + (f"#p-{passage_id}" if passage_id else "")
