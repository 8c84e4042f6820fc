"""The JSON API: one route per public Library method, under /api/, and /healthz and /metrics."""

from __future__ import annotations

import os
import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator
from starlette.datastructures import UploadFile

from yjs_qa import (
    Answer,
    AnswerPassage,
    Document,
    FilterSpec,
    IndexStatus,
    Mode,
    Passage,
    Rating,
    RatingCount,
    RatingExplanation,
    Recommendation,
    UpdateReport,
)

from .contract import (
    MAX_QUESTION_CHARS,
    QUESTION_PATTERN,
    READ_ERRORS,
    error_responses,
)
from .observe import metrics_text
from .pool import Libraries
from .shared import TOKEN_ENV
from .uploads import MAX_FILES, add_uploads, max_request_bytes

FilterQuery = Annotated[list[str] | None, Query(description="Repeat to allow several values.")]
K_HELP = "How many passages to return; the settings' default_k (8) when not given."
Question = Annotated[
    str,
    Query(
        description="The question, in plain words (at least one character that is not a space).",
        max_length=MAX_QUESTION_CHARS,
        pattern=QUESTION_PATTERN,
    ),
]
Filter = str | list[str] | None


class AskRequest(BaseModel):
    """The body of POST /api/ask: the same fields as GET /api/ask; a filter may be a string or a list."""

    # Strict and closed: a field of the wrong type, or one the schema does not name ('services'), is
    # refused rather than quietly converted or ignored.
    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(
        description="The question, in plain words.", max_length=MAX_QUESTION_CHARS, pattern=QUESTION_PATTERN
    )
    k: int | None = Field(None, ge=1, le=100, strict=False, description=K_HELP)
    service: Filter = Field(None, description="Only these services, e.g. 'Southend-on-Sea'.")
    domain: Filter = Field(None, description="Only these domains, e.g. 'Court disposals'.")
    standard: Filter = Field(None, description="Only these standards, e.g. '2.2 Planning'.")
    kind: Filter = Field(None, description="Only these document kinds, e.g. 'annual report'.")

    @field_validator("k", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        # JSON Schema's "integer" includes 71.0; a string or true is not a number; null is the default.
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValueError("k must be a whole number")
        return value


class DocumentPassages(BaseModel):
    """A document and its passages in reading order."""

    document: Document
    passages: list[Passage]


class AddProgressModel(BaseModel):
    """The add running now in this process, if any: files uploaded, passages embedded so far of the total."""

    running: bool
    files: int
    done: int
    total: int


class HealthModel(BaseModel):
    """Whether this process can answer, and from which index version."""

    status: Literal["ok", "starting"] = Field(
        description="'ok', or 'starting' until the index is open (503)."
    )
    version: str | None = Field(None, description="The index version this process answers from.")
    documents: int = Field(0, description="Documents in that version.")
    passages: int = Field(0, description="Passages in that version.")
    pid: int = Field(description="This worker process (several answer on one port with --workers).")
    detail: str | None = Field(None, description="Why the index is not open yet.")


# Answers are serialised to JSON in the request's worker thread, straight from the model (pydantic's
# Rust core), and returned as a Response: FastAPI would otherwise check the returned model again in
# a second trip through the thread pool. response_model still documents each route.
def _json(value: Any, adapter: TypeAdapter[Any] | None = None) -> Response:
    body = adapter.dump_json(value) if adapter is not None else value.model_dump_json().encode()
    return Response(content=body, media_type="application/json")


PASSAGES = TypeAdapter(list[AnswerPassage])
RATINGS = TypeAdapter(list[Rating])
COUNTS = TypeAdapter(list[RatingCount])
RECOMMENDATIONS = TypeAdapter(list[Recommendation])
DOCUMENTS = TypeAdapter(list[Document])


# POST /api/documents reads its own multipart body (after the token check), so its schema is declared.
UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MAX_FILES,
                            "items": {"type": "string", "format": "binary"},
                        }
                    },
                }
            }
        },
    },
    "security": [{"bearer": []}],
}


def api_router(libs: Libraries, *, allow_uploads: bool, token: str | None) -> APIRouter:
    """The /api/ routes over `libs`; adds need `allow_uploads` and `Authorization: Bearer <token>`."""
    router = APIRouter()

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

    @router.get(
        "/api/ask", response_model=Answer, tags=["questions"], responses=error_responses(*READ_ERRORS)
    )
    def ask_get(
        question: Question,
        k: Annotated[int | None, Query(ge=1, le=100, description=K_HELP)] = None,
        service: FilterQuery = None,
        domain: FilterQuery = None,
        standard: FilterQuery = None,
        kind: FilterQuery = None,
    ) -> Response:
        """Answer a question with extractive sentences and cited passages (Library.ask)."""
        spec = FilterSpec.of(service, domain, standard, kind)
        with libs.reader(refresh=False) as lib:  # ask follows the index itself
            answer = lib.ask(question, k=k, filters=spec)
        return _json(answer)

    @router.post(
        "/api/ask", response_model=Answer, tags=["questions"], responses=error_responses(*READ_ERRORS)
    )
    def ask_post(body: AskRequest) -> Response:
        """The same as GET /api/ask, with the fields as JSON."""
        spec = FilterSpec.of(body.service, body.domain, body.standard, body.kind)
        with libs.reader(refresh=False) as lib:
            answer = lib.ask(body.question, k=body.k, filters=spec)
        return _json(answer)

    @router.get(
        "/api/search",
        response_model=list[AnswerPassage],
        tags=["questions"],
        responses=error_responses(*READ_ERRORS),
    )
    def search(
        question: Question,
        k: Annotated[int, Query(ge=1, le=100, description="How many passages to return.")] = 10,
        mode: Annotated[Mode, Query(description="hybrid, dense or keyword.")] = Mode.HYBRID,
        service: FilterQuery = None,
        domain: FilterQuery = None,
        standard: FilterQuery = None,
        kind: FilterQuery = None,
    ) -> Response:
        """Ranked, cited passages only (Library.search)."""
        spec = FilterSpec.of(service, domain, standard, kind)
        with libs.reader(refresh=False) as lib:
            found = lib.search(question, k, mode=mode, filters=spec)
        return _json(found, PASSAGES)

    @router.get(
        "/api/ratings", response_model=list[Rating], tags=["ratings"], responses=error_responses(*READ_ERRORS)
    )
    def ratings(
        service: FilterQuery = None,
        standard: Annotated[
            list[str] | None, Query(description="'2.1', 'planning' or 'overall'; repeatable.")
        ] = None,
        rating: Annotated[list[str] | None, Query(description="e.g. 'Inadequate'; repeatable.")] = None,
        unique: Annotated[bool, Query(description="One per service and standard, best source.")] = False,
        kind: FilterQuery = None,
    ) -> Response:
        """Ratings the documents state, with their sources and flags (Library.ratings); `kind` keeps
        those stated by documents of that kind."""
        with libs.reader() as lib:
            found = lib.ratings(service=service, standard=standard, rating=rating, unique=unique, kind=kind)
        return _json(found, RATINGS)

    @router.get(
        "/api/ratings/explain",
        response_model=RatingExplanation,
        tags=["ratings"],
        responses=error_responses(*READ_ERRORS),
    )
    def explain_ratings(
        service: Annotated[str, Query(description="The service, by name or alias.", min_length=1)],
    ) -> Response:
        """Every rating statement read for one service, how each reading step classified it and
        why, and the readings the ratings data gives (Library.explain_ratings)."""
        with libs.reader() as lib:
            return _json(lib.explain_ratings(service))

    @router.get(
        "/api/rating-counts",
        response_model=list[RatingCount],
        tags=["ratings"],
        responses=error_responses(*READ_ERRORS),
    )
    def rating_counts(service: FilterQuery = None) -> Response:
        """Summary counts of ratings the documents state (Library.rating_counts): they name no
        standard, so they are kept as counts, not ratings."""
        with libs.reader() as lib:
            return _json(lib.rating_counts(service=service), COUNTS)

    @router.get(
        "/api/recommendations",
        response_model=list[Recommendation],
        tags=["ratings"],
        responses=error_responses(*READ_ERRORS),
    )
    def recommendations(service: FilterQuery = None) -> Response:
        """Recommendations the documents state, with whom each is addressed to."""
        with libs.reader() as lib:
            return _json(lib.recommendations(service=service), RECOMMENDATIONS)

    @router.get(
        "/api/documents", response_model=list[Document], tags=["documents"], responses=error_responses(503)
    )
    def documents() -> Response:
        """Every indexed document."""
        with libs.reader() as lib:
            return _json(lib.documents, DOCUMENTS)

    @router.get(
        "/api/documents/{name}",
        response_model=DocumentPassages,
        tags=["documents"],
        responses=error_responses(404, 503),
    )
    def document(name: str) -> Response:
        """One document and its passages in reading order (ids as in citations)."""
        with libs.reader() as lib:
            doc = next((d for d in lib.documents if d.document == name), None)
            if doc is None:
                raise HTTPException(404, f"no document {name!r} in the index; GET /api/documents lists them")
            return _json(DocumentPassages(document=doc, passages=lib.passages_of(name)))

    @router.get("/api/status", response_model=IndexStatus, tags=["documents"], responses=error_responses(503))
    def status() -> Response:
        """What the index holds: documents, passages, model, version."""
        with libs.reader() as lib:
            return _json(lib.status())

    @router.get("/api/progress", response_model=AddProgressModel, tags=["documents"])
    def progress() -> AddProgressModel:
        """The add running now in this process, if any (for a progress bar)."""
        return AddProgressModel.model_validate(libs.progress.snapshot())

    @router.get(
        "/healthz",
        response_model=HealthModel,
        tags=["operations"],
        responses={503: {"model": HealthModel, "description": "The index is not open yet."}},
    )
    def healthz() -> Response:
        """For a load balancer: 200 with the index version and document count once this process can
        answer; 503 until its index is open. Never waits for a busy reader."""
        health = libs.health()
        body = HealthModel(
            status="ok" if health.ready else "starting",
            version=health.version,
            documents=health.documents,
            passages=health.passages,
            pid=os.getpid(),
            detail=health.problem,
        )
        return Response(
            body.model_dump_json(), status_code=200 if health.ready else 503, media_type="application/json"
        )

    @router.get(
        "/metrics",
        tags=["operations"],
        response_class=Response,
        responses={
            200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Metrics."}
        },
    )
    def metrics() -> Response:
        """Prometheus metrics: requests and their latency by route, and the index version each worker
        answers from (all workers, with --workers)."""
        body, content_type = metrics_text()
        return Response(body, media_type=content_type.split(";")[0])

    @router.post(
        "/api/documents",
        response_model=UpdateReport,
        tags=["documents"],
        dependencies=[Depends(require_token)],
        openapi_extra=UPLOAD_OPENAPI,
        responses=error_responses(400, 401, 403, 409, 411, 413, 415, 503),
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

    return router


def _add(libs: Libraries, uploads: list[tuple[str | None, Any]]) -> UpdateReport:
    with libs.writer() as writer:
        libs.progress.update(running=True, files=len(uploads), done=0, total=0)
        try:
            return add_uploads(
                writer, uploads, progress=lambda done, total: libs.progress.update(done=done, total=total)
            )
        finally:
            libs.progress.update(running=False)
