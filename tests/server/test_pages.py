"""The web page in a real browser: headless Chromium driven by Playwright, against real uvicorn.

Needs the system Chromium (`apt-get install chromium`, at /usr/bin/chromium or $YJS_QA_CHROMIUM) and
the playwright package; without either, these tests skip and say why. Screenshots are saved under
tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the [server] extra is not installed")
import uvicorn
from support import CORPUS

from yjs_qa import Library
from yjs_qa.server import create_app
from yjs_qa.testing import HashEmbedder

pytestmark = pytest.mark.e2e

TOKEN = "browser-test-token"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FOUND_Q = "staff were motivated and committed"
XSS_REPORT = """An inspection of youth justice services in Barnet

Domain one: Organisational delivery

1.1 Governance and leadership

The board met monthly <script>window.__pwned = 1; document.title = "pwned"</script> and reviewed
performance closely. Staff said <img src=x onerror="window.__pwned = 2; document.title = 'pwned'"> the
service was well led. Leaders knew their staff and their children well, and held partners to account.
"""


def _chromium() -> str | None:
    for candidate in (os.environ.get("YJS_QA_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    path = _chromium()
    if path is None:
        pytest.skip("no Chromium at /usr/bin/chromium or $YJS_QA_CHROMIUM (apt-get install chromium)")
    pw = sync_playwright().start()
    try:
        try:
            b = pw.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        except Exception as exc:  # a browser that will not start here is an environment gap
            pytest.skip(f"Chromium at {path} did not start: {exc}")
        yield b
        b.close()
    finally:
        pw.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Real uvicorn on a free 127.0.0.1 port, in a thread, with uploads on."""
    index = tmp_path_factory.mktemp("browser") / "index"
    lib = Library.build(CORPUS, index, embedder=HashEmbedder())
    port = _free_port()
    config = uvicorn.Config(
        create_app(lib, allow_uploads=True, token=TOKEN), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    p = context.new_page()
    p.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    elsewhere: list[str] = []  # every asset is served by the server itself: no CDN
    p.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "about:")) else elsewhere.append(r.url),
    )
    yield p
    context.close()
    assert not elsewhere, f"requests left the server: {elsewhere}"


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def test_ask_shows_answer_citations_and_follows_one(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Question").fill(FOUND_Q)
    page.get_by_label("Service").select_option("Southend-on-Sea")
    page.get_by_label("Question").press("Enter")
    page.wait_for_selector("#answer-h")
    assert page.locator("#answer-h").inner_text() == "Answer"
    assert "q=staff+were+motivated" in page.url and "service=Southend-on-Sea" in page.url  # shareable
    sentences = page.locator(".sentences a.sentence")
    assert sentences.count() >= 1
    first = page.locator("#passage-1")
    for label in ("Document", "Service", "Domain", "Standard", "Section", "Page"):
        assert first.locator("dt", has_text=label).count() == 1
    assert first.locator("mark").count() >= 1  # the best sentence highlighted
    assert "Southend-on-Sea" in first.locator("dl.cite").inner_text()
    _shot(page, "ask")
    # The sentence's link goes to its passage on the page; the passage links to its document.
    sentences.first.click()
    assert page.url.endswith("#passage-" + sentences.first.get_attribute("href").split("-")[-1])
    passage_text = first.locator("p.text").inner_text()
    first.get_by_role("link", name="Read passage [1] in its document").click()
    page.wait_for_url("**/documents/**#p-*")
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.is_visible() and target.locator("p.text").inner_text() == passage_text
    assert page.evaluate("document.querySelector(':target') !== null")
    _shot(page, "document")


def test_api_docs_render_offline(page: Any, server: str) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "yjs-qa" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/ask").count() >= 2  # GET and POST
    _shot(page, "docs")


def test_not_found_lists_nearest_passages(page: Any, server: str) -> None:
    page.goto(server + "/?q=what+did+inspectors+say+about+contingency+planning%3F")
    assert page.locator("#answer-h").inner_text() == "Not found"
    assert page.get_by_role("heading", name="Nearest passages").is_visible()
    assert page.locator("article.passage").count() == 8


def test_ratings_table(page: Any, server: str) -> None:
    page.goto(server + "/ratings")
    table = page.locator("table.ratings-table")
    assert table.is_visible()
    cell = table.locator("td.r-inadequate a").first
    assert cell.inner_text().startswith("I")
    assert page.locator("text=Flag:").count() >= 1
    _shot(page, "ratings")
    cell.click()
    page.wait_for_url("**/documents/**#p-*")
    assert page.evaluate("document.querySelector(':target') !== null")


def test_keyboard_and_phone_width(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(server + "/?q=how+was+East+Sussex+rated+for+planning%3F")
        assert page.locator(".rating-line").first.is_visible()
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways at phone width: {width}"
        _shot(page, "phone")
        page.goto(server + "/")
        page.keyboard.press("Tab")  # the skip link comes first
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.locator("#q").focus()
        page.keyboard.type(FOUND_Q)
        page.keyboard.press("Enter")
        page.wait_for_selector("#answer-h")
    finally:
        context.close()


def test_add_report_through_the_form_and_its_script_does_not_run(
    browser: Any, server: str, tmp_path: Path
) -> None:
    # bypass_csp: the check is that the text is escaped, not only that the page's CSP would block it.
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    try:
        report = tmp_path / "barnet-2025-inspection.txt"
        report.write_text(XSS_REPORT, encoding="utf-8")
        empty = tmp_path / "empty.txt"
        empty.write_text("", encoding="utf-8")
        page.goto(server + "/add")
        # A wrong token: refused, nothing added.
        page.get_by_label("Token").fill("wrong")
        page.get_by_label("Reports").set_input_files([str(report)])
        page.get_by_role("button", name="Add").click()
        page.wait_for_function("document.getElementById('add-message').textContent.includes('Refused')")
        assert "barnet-2025-inspection.txt" not in page.request.get(server + "/api/documents").text()
        # The right token: one file added, one failed with its reason.
        page.get_by_label("Token").fill(TOKEN)
        page.get_by_label("Reports").set_input_files([str(report), str(empty)])
        page.get_by_role("button", name="Add").click()
        page.wait_for_selector("#add-result:not([hidden])", timeout=60_000)
        rows = page.locator("#add-rows tr")
        assert rows.count() == 2
        results = {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i) for i in range(2)}
        assert results["barnet-2025-inspection.txt"].locator("td").nth(1).inner_text() == "added"
        assert results["empty.txt"].locator("td").nth(1).inner_text() == "failed"
        assert "empty" in results["empty.txt"].locator("td").nth(3).inner_text()
        _shot(page, "add")
        # Its text is shown as text, on its document page and in answers, and never runs.
        for url in (
            server + "/documents/barnet-2025-inspection.txt",
            server + "/?q=the+board+met+monthly+script+window+pwned+document+title",
        ):
            page.goto(url)
            page.wait_for_load_state("load")
            assert page.locator(
                "text=<script>window.__pwned"
            ).count() >= 1 or "<img src=x" in page.inner_text("main")
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.title() != "pwned"
            assert page.locator("main script, main img").count() == 0
        _shot(page, "escaped")
    finally:
        context.close()


# --- accessibility: axe-core in the real browser, and the keyboard --------------------------------

# Every page a person uses (the list), each in the state that shows the most: an answer with
# its citations, the ratings table, the documents list, a document's passages, the add form; and a
# "not found" answer and an error page, which have their own markup.
A11Y_PAGES = {
    "ask-answer": "/?q=staff+were+motivated+and+committed&k=5",
    "ask-not-found": "/?q=what+did+inspectors+say+about+contingency+planning%3F",
    "ratings": "/ratings",
    "documents": "/documents",
    "document": "/documents/southend-on-sea-2024-hmip-inspection-report.txt",
    "add": "/add",
    "error": "/documents/no-such-report.txt",
}
# WCAG 2.0-2.2, levels A and AA, as axe-core tags them, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def _axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands (axe.min.js from the axe-playwright-python
    wheel, evaluated through the DevTools protocol, which the page's CSP does not govern)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def test_axe_finds_what_it_should(page: Any) -> None:
    """The check itself works: a page with an unlabelled field and an image without alt text fails."""
    page.set_content(
        '<html lang="en"><title>t</title><main><h1>t</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></html>'
    )
    found = {v["id"]: v["impact"] for v in _axe(page)}
    assert found.get("image-alt") == "critical" and found.get("label") == "critical", found


@pytest.mark.parametrize("name", list(A11Y_PAGES))
def test_pages_have_no_serious_accessibility_violations(page: Any, server: str, name: str) -> None:
    page.goto(server + A11Y_PAGES[name])
    page.wait_for_load_state("load")
    violations = _axe(page)
    for v in violations:  # every finding is printed, the minor ones too
        targets = [n["target"] for n in v["nodes"]][:5]
        print(f"axe {name}: {v['impact']} {v['id']} ({len(v['nodes'])}): {v['help']} {targets}")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: " + "; ".join(f"{v['id']}: {v['help']}" for v in serious)


def test_keyboard_alone_tabs_to_the_question_types_and_submits(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        page.goto(server + "/")
        stops: list[str] = []
        for _ in range(20):  # the skip link, the navigation, then the form
            page.keyboard.press("Tab")
            stops.append(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
            if stops[-1] == "q":
                break
        assert stops[-1] == "q", f"Tab never reached the question box: {stops}"
        # The focused control shows where it is (WCAG 2.4.7): an outline the page's CSS draws.
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.keyboard.type(FOUND_Q)
        page.keyboard.press("Enter")
        page.wait_for_selector("#answer-h")
        assert page.locator("#answer-h").inner_text() == "Answer"
        assert "q=staff+were+motivated" in page.url
        # And onwards, by keyboard alone, to the first answer sentence's link to its passage.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('sentence')"):
                break
        assert page.evaluate("document.activeElement.classList.contains('sentence')")
        page.keyboard.press("Enter")
        assert "#passage-" in page.url
    finally:
        context.close()
