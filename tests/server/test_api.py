"""The HTTP API and web pages of `yjs-qa serve`, through FastAPI's TestClient (fake embedder, fast)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("fastapi", reason="the [server] extra is not installed")

from fastapi.testclient import TestClient
from support import CORPUS, ESSEX, REPORT

from yjs_qa import Library
from yjs_qa.server import create_app
from yjs_qa.server.uploads import safe_name
from yjs_qa.testing import HashEmbedder

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FOUND_Q = "staff were motivated and committed"  # answered (found) with the fake embedder
XSS_REPORT = """An inspection of youth justice services in Barnet

Domain one: Organisational delivery

1.1 Governance and leadership

The board met monthly <script>window.__pwned = 1; document.title = "pwned"</script> and reviewed
performance. Staff said <img src=x onerror="window.__pwned = 2"> the service was well led by managers.
Leaders knew their staff and their children well, and the board held partners to account.
"""


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One read-only index for the tests that do not write."""
    index = tmp_path_factory.mktemp("srv") / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder())
    return index


@pytest.fixture(scope="module")
def client(shared_index: Path) -> Iterator[TestClient]:
    app = create_app(Library.open(shared_index, embedder=HashEmbedder()))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def writable(tmp_path: Path) -> Library:
    return Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())


@pytest.fixture
def upload_client(writable: Library) -> Iterator[TestClient]:
    with TestClient(create_app(writable, allow_uploads=True, token=TOKEN)) as c:
        yield c


# --- questions ---------------------------------------------------------------------------------


def test_ask_get_returns_the_answer_model(client: TestClient) -> None:
    r = client.get("/api/ask", params={"question": FOUND_Q, "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["found"] is True and len(body["passages"]) == 3
    c = body["passages"][0]["citation"]
    assert {"document", "title", "service", "domain", "standard", "section", "page"} <= c.keys()
    assert body["sentences"][0]["passage_id"] in {p["id"] for p in body["passages"]}
    assert body["index_version"]


def test_ask_get_matches_the_library_in_process(client: TestClient, shared_index: Path) -> None:
    lib = Library.open(shared_index, embedder=HashEmbedder())
    params = {"question": "planning", "service": ["southend", "east sussex"], "standard": "2.2", "k": 4}
    over_http = client.get("/api/ask", params=params).json()
    direct = lib.ask("planning", k=4, service=["southend", "east sussex"], standard="2.2")
    assert over_http == direct.model_dump(mode="json")
    assert over_http["filters"]["services"] == ["Southend-on-Sea", "East Sussex"]


def test_ask_post_takes_the_same_fields_as_json(client: TestClient) -> None:
    get = client.get("/api/ask", params={"question": FOUND_Q, "k": 2, "domain": "1"}).json()
    post = client.post("/api/ask", json={"question": FOUND_Q, "k": 2, "domain": ["1"]}).json()
    one = client.post("/api/ask", json={"question": FOUND_Q, "k": 2, "domain": "1"}).json()
    assert get == post == one
    # k is optional: null, as the schema allows, is the default, as is leaving it out
    default = client.post("/api/ask", json={"question": FOUND_Q, "k": None})
    assert default.status_code == 200, default.text
    assert default.json() == client.post("/api/ask", json={"question": FOUND_Q}).json()
    assert post["filters"]["domains"] == ["Organisational delivery"]


def test_rating_question_lists_ratings(client: TestClient) -> None:
    body = client.get("/api/ask", params={"question": "how was East Sussex rated for planning?"}).json()
    assert [r["standard_code"] for r in body["ratings"]] == ["2.2", "3.2"]
    assert body["answer"].startswith("East Sussex: 2.2 Planning Inadequate")


def test_unknown_filter_is_422_listing_valid_values(client: TestClient) -> None:
    r = client.get("/api/ask", params={"question": "planning", "service": "atlantis"})
    assert r.status_code == 422
    body = r.json()
    assert "unknown service 'atlantis'" in body["detail"]
    assert body["valid"] == ["East Sussex", "Essex", "Kent", "Southend-on-Sea"]
    assert "'Kent'" in body["detail"]
    r = client.post("/api/ask", json={"question": "planning", "standard": "9.9"})
    assert r.status_code == 422 and body["error"] == "UnknownFilterError"
    assert client.get("/api/search", params={"question": "x", "domain": "nowhere"}).status_code == 422


def test_the_kind_filter_narrows_get_and_post(client: TestClient) -> None:
    for r in (
        client.get("/api/ask", params={"question": "planning", "kind": "press"}),
        client.post("/api/ask", json={"question": "planning", "kind": "press release"}),
    ):
        assert r.status_code == 200
        body = r.json()
        assert body["filters"]["kinds"] == ["press release"]
        assert {p["citation"]["doc_kind"] for p in body["passages"]} == {"press release"}
    found = client.get("/api/search", params={"question": "planning", "kind": "press"}).json()
    assert found and {p["citation"]["doc_kind"] for p in found} == {"press release"}
    assert client.get("/api/ask", params={"question": "x", "kind": "podcast"}).status_code == 422


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_empty_or_too_long_question_is_400(client: TestClient, question: str) -> None:
    for r in (
        client.get("/api/ask", params={"question": question}),
        client.post("/api/ask", json={"question": question}),
    ):
        assert r.status_code == 400
        assert r.json()["error"] == "QuestionError"
        assert "empty" in r.json()["detail"] or "2,000 limit" in r.json()["detail"]
    assert client.get("/api/ask").status_code == 400  # no question at all


def test_bad_k_and_mode_are_422(client: TestClient) -> None:
    assert client.get("/api/ask", params={"question": "x", "k": 0}).status_code == 422
    assert client.post("/api/ask", json={"question": "x", "k": 101}).status_code == 422
    assert client.get("/api/search", params={"question": "x", "mode": "psychic"}).status_code == 422


def test_search_modes(client: TestClient) -> None:
    for mode in ("hybrid", "dense", "keyword"):
        r = client.get("/api/search", params={"question": "victims", "k": 3, "mode": mode})
        assert r.status_code == 200 and len(r.json()) == 3
        assert r.json()[0]["rank"] == 1


# --- ratings, recommendations, documents, status -------------------------------------------------


def test_ratings_and_filters(client: TestClient, shared_index: Path) -> None:
    lib = Library.open(shared_index, embedder=HashEmbedder())
    every = client.get("/api/ratings").json()
    assert every == [r.model_dump(mode="json") for r in lib.ratings()]
    inadequate = client.get("/api/ratings", params={"standard": "planning", "rating": "Inadequate"}).json()
    assert {(r["service"], r["standard_code"]) for r in inadequate} == {("East Sussex", "2.2")}
    unique = client.get("/api/ratings", params={"unique": True, "service": "southend"}).json()
    assert len(unique) == 14 and all(r["service"] == "Southend-on-Sea" for r in unique)
    assert client.get("/api/ratings", params={"rating": "splendid"}).status_code in (400, 422)
    press = client.get("/api/ratings", params={"kind": "press"}).json()
    assert press == [r.model_dump(mode="json") for r in lib.ratings(kind="press release")]
    assert client.get("/api/ratings", params={"kind": "podcast"}).status_code in (400, 422)
    counts = client.get("/api/rating-counts", params={"service": "east sussex"}).json()
    assert counts == [c.model_dump(mode="json") for c in lib.rating_counts(service="east sussex")]
    assert [(c["count"], c["of"], c["rating"]) for c in counts] == [(5, 13, "Outstanding"), (4, 13, "Good")]


def test_explain_ratings(client: TestClient, shared_index: Path) -> None:
    lib = Library.open(shared_index, embedder=HashEmbedder())
    got = client.get("/api/ratings/explain", params={"service": "east sussex"})
    assert got.status_code == 200
    assert got.json() == lib.explain_ratings("east sussex").model_dump(mode="json")
    assert {st["step"] for s in got.json()["statements"] for st in s["steps"]} >= {"word", "owner", "scope"}
    unknown = client.get("/api/ratings/explain", params={"service": "Atlantis"})
    assert unknown.status_code == 422 and "Atlantis" in unknown.json()["detail"]


def test_recommendations(client: TestClient) -> None:
    recs = client.get("/api/recommendations", params={"service": "southend"}).json()
    assert recs and all(r["service"] == "Southend-on-Sea" for r in recs)
    assert {"addressee", "addressee_kind", "passage_id"} <= recs[0].keys()


def test_documents_status_and_one_document(client: TestClient) -> None:
    docs = client.get("/api/documents").json()
    assert {d["document"] for d in docs} >= {REPORT, ESSEX}
    status = client.get("/api/status").json()
    assert status["passages"] == sum(d["passages"] for d in docs)
    one = client.get(f"/api/documents/{ESSEX}").json()
    assert one["document"]["document"] == ESSEX
    assert [p["ordinal"] for p in one["passages"]] == sorted(p["ordinal"] for p in one["passages"])
    assert len(one["passages"]) == one["document"]["passages"]
    assert client.get("/api/documents/nope.txt").status_code == 404


def test_progress_idle(client: TestClient) -> None:
    assert client.get("/api/progress").json() == {"running": False, "files": 0, "done": 0, "total": 0}


def test_openapi_and_docs_work_offline(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/ask",
        "/api/search",
        "/api/ratings",
        "/api/recommendations",
        "/api/documents",
        "/api/status",
    ):
        assert path in schema["paths"]
    assert "post" in schema["paths"]["/api/documents"] and "post" in schema["paths"]["/api/ask"]
    assert "Answer" in schema["components"]["schemas"]
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "/static/swagger/swagger-ui.css" in docs
    assert "http://" not in docs and "https://" not in docs  # no CDN
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200


def test_no_cors_unless_configured(client: TestClient, shared_index: Path) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    r = client.get("/api/status", headers=origin)
    assert "access-control-allow-origin" not in r.headers
    pre = client.options("/api/ask", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    app = create_app(
        Library.open(shared_index, embedder=HashEmbedder()), cors_origins=["https://elsewhere.example"]
    )
    with TestClient(app) as c:
        r = c.get("/api/status", headers=origin)
        assert r.headers["access-control-allow-origin"] == "https://elsewhere.example"
        other = c.get("/api/status", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# --- uploads and the token -------------------------------------------------------------------


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_uploads_are_off_by_default(client: TestClient) -> None:
    r = client.post("/api/documents", files=_files(("a.txt", b"hello")), headers=AUTH)
    assert r.status_code == 403 and "--allow-uploads" in r.json()["detail"]
    assert client.get("/add").status_code == 404
    assert 'href="/add"' not in client.get("/").text


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}])
def test_missing_or_wrong_token_is_401_and_writes_nothing(
    upload_client: TestClient, writable: Library, headers: dict[str, str]
) -> None:
    before = writable.index_dir.joinpath("CURRENT").read_text()
    versions = sorted(p.name for p in (writable.index_dir / "versions").iterdir())
    r = upload_client.post(
        "/api/documents", files=_files(("barnet.txt", XSS_REPORT.encode())), headers=headers
    )
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert writable.index_dir.joinpath("CURRENT").read_text() == before
    assert sorted(p.name for p in (writable.index_dir / "versions").iterdir()) == versions


def test_add_reports_per_file_results(upload_client: TestClient, writable: Library) -> None:
    kent = (CORPUS / "kent-kentonline-news.txt").read_bytes().replace(b"Kent", b"Barnet")
    r = upload_client.post(
        "/api/documents",
        files=_files(
            ("barnet-news.txt", kent),
            ("empty.txt", b""),
            ("tool.exe", b"MZ\x90\x00binary"),
            ("binary.pdf", b"\x00\x01\x02 not a pdf at all"),
            ("latin.txt", "caf\xe9".encode("latin-1") * 50),
        ),
        headers=AUTH,
    )
    assert r.status_code == 200, r.text
    report = r.json()
    by_name = {f["document"]: f for f in report["files"]}
    assert by_name["barnet-news.txt"]["status"] == "added" and by_name["barnet-news.txt"]["passages"] > 0
    for name in ("empty.txt", "tool.exe", "binary.pdf", "latin.txt"):
        assert by_name[name]["status"] == "failed", name
        assert by_name[name]["reason"]
    assert "empty" in by_name["empty.txt"]["reason"]
    assert "unsupported file type" in by_name["tool.exe"]["reason"]
    # No server path leaks into the report.
    for f in report["files"]:
        assert "yjs-qa-upload" not in f["path"] + (f["reason"] or "") and "/" not in f["path"]
    # The new version answers at once, over HTTP and in the writer's index.
    docs = {d["document"] for d in upload_client.get("/api/documents").json()}
    assert "barnet-news.txt" in docs
    assert "barnet-news.txt" in {d.document for d in Library.open(writable.index_dir).documents}
    # Adding it again: unchanged.
    again = upload_client.post("/api/documents", files=_files(("barnet-news.txt", kent)), headers=AUTH).json()
    assert again["files"][0]["status"] == "unchanged"


def test_upload_names_cannot_escape(upload_client: TestClient, tmp_path: Path) -> None:
    hostile = [
        "../../../../tmp/escaped.txt",
        "..\\..\\escaped2.txt",
        "/etc/cron.d/escaped3.txt",
        "..",
        ".hidden.txt",
    ]
    body = b"Staff were motivated and committed to children in Barnet. " * 5
    r = upload_client.post("/api/documents", files=_files(*((n, body) for n in hostile)), headers=AUTH)
    assert r.status_code == 200, r.text
    names = [f["document"] for f in r.json()["files"]]
    assert names[:3] == ["escaped.txt", "escaped2.txt", "escaped3.txt"]
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in names)
    assert not Path("/tmp/escaped.txt").exists() and not Path("/etc/cron.d/escaped3.txt").exists()


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\..\\Barnet report (2025).docx", "Barnet report (2025).docx"),
        (".bashrc", "bashrc"),
        ("..", "upload"),
        ("", "upload"),
        (None, "upload"),
        ("a\x00b\nc.txt", "a_b_c.txt"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_safe_name(raw: str | None, safe: str) -> None:
    assert safe_name(raw) == safe


def test_size_limit_is_the_clis(upload_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YJS_QA_MAX_FILE_MB", "0.001")  # 1,000 bytes per file
    big = b"Staff were motivated and committed. " * 40  # 1,440 bytes
    r = upload_client.post("/api/documents", files=_files(("big.txt", big)), headers=AUTH)
    assert r.status_code == 200
    f = r.json()["files"][0]
    assert f["status"] == "failed" and "over the" in f["reason"] and "YJS_QA_MAX_FILE_MB" in f["reason"]
    # A request far over what a few files at the limit may carry is refused before it is read.
    huge = b"x" * 1_100_000
    r = upload_client.post("/api/documents", files=_files(("huge.txt", huge)), headers=AUTH)
    assert r.status_code == 413 and "YJS_QA_MAX_FILE_MB" in r.json()["detail"]


def test_upload_request_shape_errors(upload_client: TestClient) -> None:
    r = upload_client.post("/api/documents", data={"other": "x"}, files=_files(("x.txt", b"")), headers=AUTH)
    assert r.status_code == 200  # a files field is there; the empty file fails in the report
    r = upload_client.post("/api/documents", data={"nothing": "here"}, headers=AUTH)
    assert r.status_code in (400, 415)
    r = upload_client.post("/api/documents", json={"files": ["x"]}, headers=AUTH)
    assert r.status_code == 415


class SlowEmbedder(HashEmbedder):
    """The fake embedder, slowed down for passage batches so an add takes a while."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def encode(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        if len(texts) > 1:
            time.sleep(self.delay)
        return super().encode(texts, progress)  # type: ignore[arg-type]


def test_questions_are_answered_while_an_add_runs(tmp_path: Path) -> None:
    lib = Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    slow = Library.open(tmp_path / "index", embedder=SlowEmbedder(1.5))
    old_version = lib.version
    report = (CORPUS / "kent-kentonline-news.txt").read_bytes().replace(b"Kent", b"Barnet")
    with TestClient(create_app(slow, allow_uploads=True, token=TOKEN)) as c:
        result: dict[str, object] = {}

        def add() -> None:
            result["add"] = c.post("/api/documents", files=_files(("barnet.txt", report)), headers=AUTH)

        writer = threading.Thread(target=add)
        writer.start()
        deadline = time.monotonic() + 10
        while not c.get("/api/progress").json()["running"] and time.monotonic() < deadline:
            time.sleep(0.02)
        answered_during = []
        busy = None
        while c.get("/api/progress").json()["running"]:
            r = c.get("/api/ask", params={"question": FOUND_Q, "k": 3})
            assert r.status_code == 200
            answered_during.append(r.json()["index_version"])
            if busy is None:
                busy = c.post("/api/documents", files=_files(("other.txt", report)), headers=AUTH)
        writer.join(30)
        # Answered all along: from the old version until the new one was published, then from it.
        assert answered_during[0] == old_version
        first_new = next((i for i, v in enumerate(answered_during) if v != old_version), len(answered_during))
        assert len(set(answered_during[first_new:])) <= 1  # never back to the old version
        assert busy is not None and busy.status_code == 409 and "another add" in busy.json()["detail"]
        add_response = result["add"]
        assert getattr(add_response, "status_code", None) == 200
        after = c.get("/api/ask", params={"question": FOUND_Q}).json()["index_version"]
        assert after != old_version
        assert "barnet.txt" in {d["document"] for d in c.get("/api/documents").json()}


# --- pages -----------------------------------------------------------------------------------------


def test_ask_page_renders_answer_and_citations(client: TestClient) -> None:
    r = client.get("/", params={"q": FOUND_Q, "service": "Southend-on-Sea", "k": 3})
    assert r.status_code == 200
    html = r.text
    assert 'value="staff were motivated and committed"' in html
    assert '<option value="Southend-on-Sea" selected>' in html  # the shared URL restores its filters
    assert 'href="#passage-1"' in html and 'id="passage-1"' in html
    assert "<mark>" in html
    for label in ("Document", "Service", "Domain", "Standard", "Section", "Page"):
        assert f"<dt>{label}</dt>" in html
    assert "/documents/southend-on-sea-2024-hmip-inspection-report.txt#p-" in html
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    json_link = "/api/ask?question=staff+were+motivated+and+committed&amp;k=3&amp;service=Southend-on-Sea"
    assert json_link in html
    assert client.get(json_link.replace("&amp;", "&")).json()["filters"]["services"] == ["Southend-on-Sea"]


def test_ask_page_not_found_and_errors(client: TestClient) -> None:
    html = client.get("/", params={"q": "what did inspectors say about contingency planning?"}).text
    assert "Not found" in html and "Nearest passages" in html and "No passage in the corpus answers" in html
    r = client.get("/", params={"q": "planning", "service": "atlantis"})
    assert r.status_code == 422 and "Valid values" in r.text and 'role="alert"' in r.text
    assert client.get("/", params={"q": ""}).status_code == 400
    assert client.get("/").status_code == 200


def test_ask_page_rating_lines_come_first(client: TestClient) -> None:
    html = client.get("/", params={"q": "how was East Sussex rated for planning?"}).text
    assert html.index("rating-line") < html.index('id="answer-h"')
    assert "Inadequate" in html


def test_ratings_page_links_each_cell_to_its_passage(client: TestClient, shared_index: Path) -> None:
    html = client.get("/ratings").text
    lib = Library.open(shared_index, embedder=HashEmbedder())
    for r in lib.ratings(unique=True):
        assert f"#p-{r.passage_id}" in html
    assert "r-inadequate" in html and "r-good" in html
    assert "Flag:" in html and "Professional discretion" in html


def test_ratings_page_is_the_librarys_ratings_table(upload_client: TestClient, writable: Library) -> None:
    # A 2025-framework report rates standards of its own under the old numbers: the page says so.
    from support import NEW_FRAMEWORK_REPORT

    report = ("hartlepool-2025-inspection.txt", NEW_FRAMEWORK_REPORT.encode())
    r = upload_client.post("/api/documents", files=_files(report), headers=AUTH)
    assert r.json()["files"][0]["status"] == "added", r.text
    writable.refresh()
    table = writable.ratings_table()
    assert table.own_standards == {"Hartlepool": ["2.1 Work with children", "3.1 Work with victims"]}
    html = upload_client.get("/ratings").text
    for row in table.rows:  # every cell of the table, linked to the passage it was read from
        for rating in [row.overall, *row.cells.values()]:
            assert rating is not None
            assert f"#p-{rating.passage_id}" in html
    assert "Hartlepool, 2.1 Work with children: Requires improvement (a standard of the report's own)" in html
    assert "Hartlepool is rated on standards of its own" in html
    # The key names the framework's standards, not Hartlepool's wording of them.
    assert "<span>2.1 Assessment</span>" in html and "<span>1.1 Governance and leadership</span>" in html
    assert all(f">{code}<" in html for code in table.standards)


def test_pages_take_filters_and_passages_from_the_library(client: TestClient, shared_index: Path) -> None:
    lib = Library.open(shared_index, embedder=HashEmbedder())
    values = lib.filter_values()
    html = client.get("/").text
    for v in [*values.services, *values.domains, *values.standards]:
        assert f'<option value="{v}"' in html
    body = client.get(f"/api/documents/{REPORT}").json()
    assert body["passages"] == [p.model_dump(mode="json") for p in lib.passages_of(REPORT)]


def test_new_document_kinds_are_shown(upload_client: TestClient) -> None:
    thematic = (
        "A thematic inspection of education, training and employment services in youth justice\n\n"
        "An inspection by HM Inspectorate of Probation and Ofsted\n\n"
        "This thematic inspection looked at how youth justice services help children into education.\n"
    )
    r = upload_client.post(
        "/api/documents", files=_files(("ete-thematic.txt", thematic.encode())), headers=AUTH
    )
    assert r.json()["files"][0]["status"] == "added", r.text
    kinds = {d["document"]: d["kind"] for d in upload_client.get("/api/documents").json()}
    assert kinds["ete-thematic.txt"] == "thematic inspection"
    assert "thematic inspection" in upload_client.get("/documents").text
    assert "thematic inspection" in upload_client.get("/documents/ete-thematic.txt").text


def test_documents_pages(client: TestClient, shared_index: Path) -> None:
    html = client.get("/documents").text
    assert f'href="/documents/{REPORT}"' in html and "inspection report" in html
    page = client.get(f"/documents/{REPORT}").text
    lib = Library.open(shared_index, embedder=HashEmbedder())
    ids = [p.id for p in sorted((p for p in lib.passages if p.document == REPORT), key=lambda p: p.ordinal)]
    positions = [page.index(f'id="p-{i}"') for i in ids]
    assert positions == sorted(positions)  # in reading order, one anchor per passage
    assert client.get("/documents/missing.txt").status_code == 404


def test_add_page_only_with_uploads(upload_client: TestClient) -> None:
    html = upload_client.get("/add").text
    assert 'type="password"' in html and 'type="file"' in html and "multiple" in html
    assert 'href="/add"' in upload_client.get("/").text


def test_document_text_is_escaped(upload_client: TestClient) -> None:
    r = upload_client.post(
        "/api/documents", files=_files(("barnet-xss.txt", XSS_REPORT.encode())), headers=AUTH
    )
    assert r.json()["files"][0]["status"] == "added", r.text
    pages = [
        upload_client.get("/documents/barnet-xss.txt").text,
        upload_client.get("/", params={"q": "board met monthly script window pwned"}).text,
        upload_client.get("/documents").text,
    ]
    for html in pages[:2]:
        assert "&lt;script&gt;" in html or "&lt;img" in html
    for html in pages:
        assert "<script>window" not in html and "<img src=x" not in html and 'onerror="window' not in html


# --- the command ---------------------------------------------------------------------------------


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("yjs-qa")
    if not exe.exists():
        pytest.skip(f"no yjs-qa command beside {sys.executable} (pip install -e .)")
    return [str(exe)]


def test_serve_command_options_and_missing_index(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    out = subprocess.run([*_cli(), "serve", "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0
    for option in ("--index", "--host", "--port", "--allow-uploads", "--cors-origin", "127.0.0.1"):
        assert option in out.stdout
    missing = subprocess.run(
        [*_cli(), "serve", "--index", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert missing.returncode == 1 and "no index found" in missing.stderr


def test_cli_start_does_not_import_the_server() -> None:
    # The command line's cold start stays fast: `serve` imports the server only when it runs.
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    out = subprocess.run([*_cli(), "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0 and "serve" in out.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert "typer" in imported
    assert not {"fastapi", "uvicorn", "jinja2", "yjs_qa.server"} & imported


@pytest.mark.e2e
def test_real_model_answer_over_http(real_lib: Library) -> None:
    with TestClient(create_app(real_lib)) as c:
        body = c.get(
            "/api/ask", params={"question": "what did inspectors say about contingency planning?"}
        ).json()
        assert body["found"] is True
        assert any("ontingency" in s["text"] for s in body["sentences"])
        html = c.get("/", params={"q": "what did inspectors say about contingency planning?"}).text
        assert "<mark>" in html and "ontingency" in html


def test_html_errors_for_pages_json_for_the_api(client: TestClient) -> None:
    page = client.get("/documents/missing.txt")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no document &#39;missing.txt&#39;" in page.text or "no document 'missing.txt'" in page.text
    api = client.get("/api/documents/missing.txt")
    assert api.status_code == 404 and api.json()["detail"].startswith("no document")


def test_trusted_hosts_refuse_other_names(shared_index: Path) -> None:
    app = create_app(
        Library.open(shared_index, embedder=HashEmbedder()), trusted_hosts=["127.0.0.1", "localhost"]
    )
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/api/status").status_code == 200
        assert c.get("/api/status", headers={"Host": "rebound.example"}).status_code == 400


# --- the contract the schema states (what schemathesis found, issue #22) -------------------------


def test_schema_lists_each_filters_values_from_the_index(client: TestClient, shared_index: Path) -> None:
    lib = Library.open(shared_index, embedder=HashEmbedder())
    values = lib.filter_values()
    schema = client.get("/openapi.json").json()

    def param(path: str, name: str, method: str = "get") -> dict[str, Any]:
        params = schema["paths"][path][method]["parameters"]
        found: dict[str, Any] = next(p for p in params if p["name"] == name)
        return found

    assert param("/api/ask", "service")["schema"]["items"]["enum"] == [*values.services, ""]
    assert param("/api/search", "domain")["schema"]["items"]["enum"] == [*values.domains, ""]
    assert param("/api/ask", "kind")["schema"]["items"]["enum"] == [*values.kinds, ""]
    rated = param("/api/ratings", "standard")["schema"]["items"]["enum"]
    assert rated[0] == "Overall" and "2.2 Planning" in rated
    assert param("/api/ratings", "rating")["schema"]["items"]["enum"][:4] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    question = param("/api/ask", "question")
    assert question["required"] is True and question["schema"]["maxLength"] == 2000
    body = schema["components"]["schemas"]["AskRequest"]
    assert body["additionalProperties"] is False
    assert {"type": "string", "enum": [*values.services, ""]} in body["properties"]["service"]["anyOf"]
    # Every value the schema offers is one the API takes.
    for service in values.services:
        assert client.get("/api/ask", params={"question": "planning", "service": service}).status_code == 200


def test_every_error_is_documented_as_one_error_body(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")) and path != "/healthz":
                    assert response["content"]["application/json"]["schema"] == error, (path, method, code)
    # 422s, the library's and the request checks', both have a string `detail`.
    unknown = client.get("/api/ask", params={"question": "x", "service": "atlantis"}).json()
    bad_k = client.get("/api/ask", params={"question": "x", "k": 0}).json()
    assert isinstance(unknown["detail"], str) and isinstance(bad_k["detail"], str)
    assert bad_k["error"] == "RequestValidationError" and bad_k["errors"][0]["loc"] == ["query", "k"]
    assert client.get("/api/documents/nope.txt").json()["error"] == "NotFound"
    # A body field the schema does not name is refused, not ignored.
    typo = client.post("/api/ask", json={"question": "x", "services": ["Kent"]})
    assert typo.status_code == 422 and "services" in typo.json()["detail"]


def test_allow_names_every_method_of_a_path(client: TestClient) -> None:
    for path, methods in (("/api/ask", "GET, POST"), ("/api/documents", "GET, POST"), ("/api/status", "GET")):
        r = client.request("DELETE", path)
        assert r.status_code == 405 and r.headers["allow"] == methods, path


def test_question_limits_are_the_librarys() -> None:
    import re

    from yjs_qa.server.contract import MAX_QUESTION_CHARS, QUESTION_PATTERN
    from yjs_qa.settings import SETTINGS

    assert SETTINGS.query.max_question_chars == MAX_QUESTION_CHARS
    # The pattern's "not a space" is Python's, which the library collapses: the same on every character.
    disagree = [
        c for c in map(chr, range(0x110000)) if bool(re.search(QUESTION_PATTERN, c)) != bool(c.split())
    ]
    assert not disagree


def test_ratings_of_a_kind_that_rates_no_such_service_are_none(client: TestClient) -> None:
    # East Sussex is rated (by a council paper), but no press release rates it: none, not "unknown".
    r = client.get("/api/ratings", params={"service": "East Sussex", "kind": "press release"})
    assert r.status_code == 200 and r.json() == []
    r = client.get("/api/ratings", params={"service": "Atlantis", "kind": "press release"})
    assert r.status_code == 422
