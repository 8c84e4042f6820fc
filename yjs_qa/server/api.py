"""The JSON API: one route per public Library method, under /api/."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, field_validator
from starlette.datastructures import UploadFile

from yjs_qa import (
    Answer,
    AnswerPassage,
    Document,
    IndexStatus,
    Mode,
    Passage,
    Rating,
    RatingCount,
    Recommendation,
    UpdateReport,
)

from .pool import Libraries
from .shared import TOKEN_ENV
from .uploads import MAX_FILES, add_uploads, max_request_bytes

FilterQuery = Annotated[list[str] | None, Query(description="Repeat to allow several values.")]


class AskRequest(BaseModel):
    """The body of POST /api/ask: the same fields as GET /api/ask."""

    question: str = Field("", description="The question, in plain words.")
    k: int = Field(8, ge=1, le=100, description="How many passages to return.")
    service: list[str] = Field(default_factory=list, description="Only these services, e.g. 'southend'.")
    domain: list[str] = Field(default_factory=list, description="Only these domains, e.g. 'court disposals'.")
    standard: list[str] = Field(default_factory=list, description="Only these standards, e.g. '2.2'.")
    kind: list[str] = Field(
        default_factory=list, description="Only these document kinds, e.g. 'annual report'."
    )

    @field_validator("service", "domain", "standard", "kind", mode="before")
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
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
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

    @router.get("/api/ask", response_model=Answer, tags=["questions"])
    def ask_get(
        question: Annotated[str, Query(description="The question, in plain words.")] = "",
        k: Annotated[int, Query(ge=1, le=100, description="How many passages to return.")] = 8,
        service: FilterQuery = None,
        domain: FilterQuery = None,
        standard: FilterQuery = None,
        kind: FilterQuery = None,
    ) -> Answer:
        """Answer a question with extractive sentences and cited passages (Library.ask)."""
        with libs.reader(refresh=False) as lib:  # ask follows the index itself
            return lib.ask(question, k=k, service=service, domain=domain, standard=standard, kind=kind)

    @router.post("/api/ask", response_model=Answer, tags=["questions"])
    def ask_post(body: AskRequest) -> Answer:
        """The same as GET /api/ask, with the fields as JSON."""
        with libs.reader(refresh=False) as lib:
            return lib.ask(
                body.question,
                k=body.k,
                service=body.service,
                domain=body.domain,
                standard=body.standard,
                kind=body.kind,
            )

    @router.get("/api/search", response_model=list[AnswerPassage], tags=["questions"])
    def search(
        question: Annotated[str, Query(description="What to search for.")] = "",
        k: Annotated[int, Query(ge=1, le=100)] = 10,
        mode: Annotated[Mode, Query(description="hybrid, dense or keyword.")] = Mode.HYBRID,
        service: FilterQuery = None,
        domain: FilterQuery = None,
        standard: FilterQuery = None,
        kind: FilterQuery = None,
    ) -> list[AnswerPassage]:
        """Ranked, cited passages only (Library.search)."""
        with libs.reader(refresh=False) as lib:
            return lib.search(
                question, k, mode=mode, service=service, domain=domain, standard=standard, kind=kind
            )

    @router.get("/api/ratings", response_model=list[Rating], tags=["ratings"])
    def ratings(
        service: FilterQuery = None,
        standard: Annotated[
            list[str] | None, Query(description="'2.1', 'planning' or 'overall'; repeatable.")
        ] = None,
        rating: Annotated[list[str] | None, Query(description="e.g. 'Inadequate'; repeatable.")] = None,
        unique: Annotated[bool, Query(description="One per service and standard, best source.")] = False,
        kind: FilterQuery = None,
    ) -> list[Rating]:
        """Ratings the documents state, with their sources and flags (Library.ratings); `kind` keeps
        those stated by documents of that kind."""
        with libs.reader() as lib:
            return lib.ratings(service=service, standard=standard, rating=rating, unique=unique, kind=kind)

    @router.get("/api/rating-counts", response_model=list[RatingCount], tags=["ratings"])
    def rating_counts(service: FilterQuery = None) -> list[RatingCount]:
        """Summary counts of ratings the documents state (Library.rating_counts): they name no
        standard, so they are kept as counts, not ratings."""
        with libs.reader() as lib:
            return lib.rating_counts(service=service)

    @router.get("/api/recommendations", response_model=list[Recommendation], tags=["ratings"])
    def recommendations(service: FilterQuery = None) -> list[Recommendation]:
        """Recommendations the documents state, with whom each is addressed to."""
        with libs.reader() as lib:
            return lib.recommendations(service=service)

    @router.get("/api/documents", response_model=list[Document], tags=["documents"])
    def documents() -> list[Document]:
        """Every indexed document."""
        with libs.reader() as lib:
            return lib.documents

    @router.get("/api/documents/{name}", response_model=DocumentPassages, tags=["documents"])
    def document(name: str) -> DocumentPassages:
        """One document and its passages in reading order (ids as in citations)."""
        with libs.reader() as lib:
            doc = next((d for d in lib.documents if d.document == name), None)
            if doc is None:
                raise HTTPException(404, f"no document {name!r} in the index; GET /api/documents lists them")
            return DocumentPassages(document=doc, passages=lib.passages_of(name))

    @router.get("/api/status", response_model=IndexStatus, tags=["documents"])
    def status() -> IndexStatus:
        """What the index holds: documents, passages, model, version."""
        with libs.reader() as lib:
            return lib.status()

    @router.get("/api/progress", response_model=AddProgressModel, tags=["documents"])
    def progress() -> AddProgressModel:
        """The add running now, if any (for a progress bar)."""
        return AddProgressModel.model_validate(libs.progress.snapshot())

    @router.post(
        "/api/documents",
        response_model=UpdateReport,
        tags=["documents"],
        dependencies=[Depends(require_token)],
        openapi_extra=UPLOAD_OPENAPI,
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
