"""The web page: server-rendered HTML (Jinja2, autoescaped) over the same Library calls as the API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from yjs_qa import Answer, Library, Passage, Rating, YjsQaError

from .pool import Libraries, filter_values, passages_by_document

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescapes .html: document text is text
router = APIRouter(include_in_schema=False)

RATING_CLASS = {
    "Outstanding": "r-outstanding",
    "Good": "r-good",
    "Requires improvement": "r-ri",
    "Inadequate": "r-inadequate",
}
RATING_SHORT = {"Outstanding": "O", "Good": "G", "Requires improvement": "RI", "Inadequate": "I"}


def _doc_url(name: str, passage_id: str | None = None) -> str:
    from .app import document_url

    return document_url(name, passage_id)


templates.env.globals["doc_url"] = _doc_url
templates.env.globals["rating_class"] = lambda r: RATING_CLASS.get(r, "r-other")
templates.env.globals["rating_short"] = lambda r: RATING_SHORT.get(r, r)


def _libs(request: Request) -> Libraries:
    libs = request.app.state.libraries
    assert isinstance(libs, Libraries)
    return libs


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("allow_uploads", request.app.state.allow_uploads)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@dataclass
class Segment:
    text: str
    marked: bool


def segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """The text cut into plain and highlighted pieces (the template escapes each)."""
    out: list[Segment] = []
    last = 0
    for start, end in sorted(spans):
        start, end = max(start, last), min(end, len(text))
        if start >= end:
            continue
        if start > last:
            out.append(Segment(text[last:start], False))
        out.append(Segment(text[start:end], True))
        last = end
    if last < len(text):
        out.append(Segment(text[last:], False))
    return out


def pages_label(page: int | None, page_end: int | None) -> str | None:
    if page is None:
        return None
    return f"pages {page}-{page_end}" if page_end and page_end != page else f"page {page}"


def _answer_view(answer: Answer) -> dict[str, Any]:
    """What the template needs beyond the Answer: sentences grouped by service, marked passages."""
    groups: list[tuple[str | None, list[Any]]] = []
    several = len({s.service for s in answer.sentences}) > 1
    for s in answer.sentences:
        head = (s.service or "Other sources") if several else None
        if not groups or groups[-1][0] != head:
            groups.append((head, []))
        groups[-1][1].append(s)
    passages = [
        {
            "p": p,
            "segments": segments(p.text, [(h.start, h.end) for h in p.highlights]),
            "pages": pages_label(p.citation.page, p.citation.page_end),
        }
        for p in answer.passages
    ]
    return {"groups": groups, "passages": passages}


def _filter_options(libs: Libraries, lib: Library) -> dict[str, list[str]]:
    grouped = libs.per_version("passages", lib, passages_by_document)
    assert isinstance(grouped, dict)
    values = libs.per_version("filters", lib, lambda lib: filter_values(lib, grouped))
    assert isinstance(values, dict)
    return values


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", status_code, status=status_code, message=message)


@router.get("/", response_class=HTMLResponse)
def ask_page(request: Request) -> HTMLResponse:
    libs = _libs(request)
    params = request.query_params
    question = params.get("q", "")
    chosen = {f: [v for v in params.getlist(f) if v] for f in ("service", "domain", "standard")}
    try:
        k = min(max(int(params.get("k", "8")), 1), 100)
    except ValueError:
        k = 8
    answer: Answer | None = None
    error: str | None = None
    status_code = 200
    with libs.reader() as lib:
        options = _filter_options(libs, lib)
        if question.strip() or "q" in params:
            try:
                answer = lib.ask(question, k=k, **chosen)
            except YjsQaError as exc:
                from .app import error_status

                error, status_code = str(exc), error_status(exc)
    return _page(
        request,
        "ask.html",
        status_code,
        question=question,
        chosen=chosen,
        k=k,
        options=options,
        answer=answer,
        view=_answer_view(answer) if answer else None,
        error=error,
        api_query=urlencode(
            [("question", question), ("k", k)] + [(f, v) for f, vals in chosen.items() for v in vals]
        ),
    )


@router.get("/ratings", response_class=HTMLResponse)
def ratings_page(request: Request) -> HTMLResponse:
    libs = _libs(request)
    with libs.reader() as lib:
        found = lib.ratings(unique=True)
    columns = _rating_columns(found)
    # Column heads are standard numbers ("2.1"), named in full below the table, unless two
    # columns share a number (a report rated on standards of its own): then the full labels.
    codes = [c.split(" ", 1)[0] for c in columns]
    short = len(set(codes)) == len(codes)
    headers = {c: (code if short and c != "Overall" else c) for c, code in zip(columns, codes, strict=True)}
    rows: dict[str, dict[str, Rating]] = {}
    for r in found:
        rows.setdefault(r.service or "Unknown service", {})[r.standard] = r
    flagged = [r for r in found if r.flags]
    return _page(
        request,
        "ratings.html",
        columns=columns,
        headers=headers,
        rows=sorted(rows.items()),
        flagged=flagged,
        ratings=found,
    )


def _rating_columns(found: list[Rating]) -> list[str]:
    """'Overall', then each standard label the ratings use, in number order. A report rated on
    standards of its own (a later framework) gets columns of its own rather than sharing a number."""
    labels = {r.standard: r for r in found}

    def key(label: str) -> tuple[int, tuple[int, ...], str]:
        r = labels[label]
        if r.standard_code is None:
            return (0, (), "")
        try:
            return (1, tuple(int(x) for x in r.standard_code.split(".")), label)
        except ValueError:
            return (2, (), label)

    return sorted(labels, key=key)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> HTMLResponse:
    with _libs(request).reader() as lib:
        docs = sorted(lib.documents, key=lambda d: ((d.service or "~"), d.date or "", d.document))
    return _page(request, "documents.html", documents=docs)


@router.get("/documents/{name}", response_class=HTMLResponse)
def document_page(request: Request, name: str) -> HTMLResponse:
    libs = _libs(request)
    with libs.reader() as lib:
        doc = next((d for d in lib.documents if d.document == name), None)
        if doc is None:
            raise HTTPException(404, f"no document {name!r} in the index")
        grouped = libs.per_version("passages", lib, passages_by_document)
        assert isinstance(grouped, dict)
        passages: list[Passage] = grouped.get(name, [])
    items = []
    section = None
    for p in passages:
        items.append(
            {
                "p": p,
                "heading": p.section if p.section != section else None,
                "pages": pages_label(p.page, p.page_end),
            }
        )
        section = p.section
    return _page(request, "document.html", doc=doc, items=items)


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request) -> HTMLResponse:
    if not request.app.state.allow_uploads:
        raise HTTPException(404, "uploads are off; start the server with --allow-uploads")
    from .uploads import SUPPORTED, max_file_bytes

    return _page(request, "add.html", accept=",".join(SUPPORTED), max_mb=max_file_bytes() / 1e6)
