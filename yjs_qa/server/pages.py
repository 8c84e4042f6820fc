"""The web page: server-rendered HTML (Jinja2, autoescaped) over the same Library calls as the API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from yjs_qa import RATING_NAMES, Answer, FilterSpec, Rating, RatingsTable, YjsQaError

from .shared import document_url, error_status, libraries
from .uploads import SUPPORTED, max_file_bytes

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescapes .html: document text is text
router = APIRouter(include_in_schema=False)

# A rating's style class, from its name: 'Requires improvement' -> 'r-requires-improvement'.
RATING_CLASS = {name: "r-" + name.lower().replace(" ", "-") for name in RATING_NAMES}

templates.env.globals["doc_url"] = document_url
templates.env.globals["rating_class"] = lambda r: RATING_CLASS.get(r, "r-other")


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


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", status_code, status=status_code, message=message)


@router.get("/", response_class=HTMLResponse)
def ask_page(request: Request) -> HTMLResponse:
    libs = libraries(request)
    params = request.query_params
    question = params.get("q", "")
    chosen = {f: [v for v in params.getlist(f) if v] for f in ("service", "domain", "standard")}
    try:
        k: int | None = min(max(int(params["k"]), 1), 100) if "k" in params else None
    except ValueError:
        k = None  # the settings' default
    answer: Answer | None = None
    error: str | None = None
    status_code = 200
    with libs.reader() as lib:
        values = lib.filter_values()
        options = {"service": values.services, "domain": values.domains, "standard": values.standards}
        if question.strip() or "q" in params:
            try:
                answer = lib.ask(question, k=k, filters=FilterSpec.of(**chosen))
            except YjsQaError as exc:
                error, status_code = str(exc), error_status(exc)
    return _page(
        request,
        "ask.html",
        status_code,
        question=question,
        chosen=chosen,
        k="" if k is None else k,  # empty: the settings' default
        options=options,
        answer=answer,
        view=_answer_view(answer) if answer else None,
        error=error,
        api_query=urlencode(
            [("question", question), *([("k", k)] if k is not None else [])]
            + [(f, v) for f, vals in chosen.items() for v in vals]
        ),
    )


@router.get("/ratings", response_class=HTMLResponse)
def ratings_page(request: Request) -> HTMLResponse:
    with libraries(request).reader() as lib:
        table = lib.ratings_table()
    return _page(
        request,
        "ratings.html",
        table=table,
        names=_standard_names(table),
        flagged=[r for row in table.rows for r in _rated(row.overall, *row.cells.values()) if r.flags],
    )


def _rated(*ratings: Rating | None) -> list[Rating]:
    return [r for r in ratings if r is not None]


def _standard_names(table: RatingsTable) -> dict[str, str]:
    """Each column's full label ('2.1' -> '2.1 Assessment') for the key below the table, as the
    ratings in it state it: first from services rated wholly on the framework's standards (a
    2025-framework report words even the standards it shares its own way, '1.1 Leadership')."""
    names: dict[str, str] = {}
    rows = sorted(table.rows, key=lambda row: (row.service or "?") in table.own_standards)
    for row in rows:
        own = table.own_standards.get(row.service or "?", [])
        for code, r in row.cells.items():
            if r.standard not in own:
                names.setdefault(code, r.standard)
    return names


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> HTMLResponse:
    with libraries(request).reader() as lib:
        docs = sorted(lib.documents, key=lambda d: ((d.service or "~"), d.date or "", d.document))
    return _page(request, "documents.html", documents=docs)


@router.get("/documents/{name}", response_class=HTMLResponse)
def document_page(request: Request, name: str) -> HTMLResponse:
    with libraries(request).reader() as lib:
        doc = next((d for d in lib.documents if d.document == name), None)
        if doc is None:
            raise HTTPException(404, f"no document {name!r} in the index")
        passages = lib.passages_of(name)
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
    return _page(request, "add.html", accept=",".join(SUPPORTED), max_mb=max_file_bytes() / 1e6)
