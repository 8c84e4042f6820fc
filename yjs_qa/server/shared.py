"""What the app, the JSON API and the pages share: the Libraries of a request, document URLs and
the HTTP status of each library error. Imports nothing else of the server, so app, api and pages
all import it and not each other's helpers (imports go one way: app -> api, pages -> shared)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request

from yjs_qa import (
    IndexMismatchError,
    IndexNotFoundError,
    InputFileError,
    ModelLoadError,
    QuestionError,
    UnknownFilterError,
    WriterBusyError,
    YjsQaError,
)

from .pool import Libraries

TOKEN_ENV = "YJS_QA_TOKEN"

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


def libraries(request: Request) -> Libraries:
    """The pool of Libraries the app serves (create_app puts it on app.state)."""
    libs = request.app.state.libraries
    assert isinstance(libs, Libraries)
    return libs


def document_url(name: str, passage_id: str | None = None) -> str:
    """The document page of `name`, at one passage if given."""
    url = "/documents/" + quote(name, safe="")
    return url + (f"#p-{passage_id}" if passage_id else "")
