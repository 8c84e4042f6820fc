"""Worker processes and replicas: `yjs-qa serve --workers 2`, two `serve` processes over one index,
/healthz, /metrics and the one-line request log. Real processes on loopback, fake embedder."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi", reason="the [server] extra is not installed")

from fastapi.testclient import TestClient
from server_procs import Served, healthz_pids, until
from support import CORPUS

from yjs_qa import Library
from yjs_qa.server import create_app
from yjs_qa.testing import HashEmbedder

TOKEN = "workers-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_REPORT = """An inspection of youth justice services in Barnet

Domain one: Organisational delivery

1.1 Governance and leadership

The board met monthly and reviewed performance closely. Leaders knew their staff and children well.
"""


def _upload(url: str, name: str, text: str = NEW_REPORT) -> httpx.Response:
    return httpx.post(
        url + "/api/documents",
        files=[("files", (name, text.encode(), "text/plain"))],
        headers={**AUTH, "Connection": "close"},
        timeout=120,
    )


@pytest.mark.e2e  # real server processes: with the slow tests
def test_workers_share_one_port_one_token_and_every_write(fast_index: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(fast_index, index)
    served = Served(index, tmp_path / "serve.log", "--allow-uploads", "--workers", "2", token=TOKEN)
    try:
        served.wait_ready()
        # Two processes answer on the one port, each from the published version.
        pids = until(lambda: (seen := healthz_pids(served.url)) and len(seen) == 2 and seen, timeout=60)
        assert isinstance(pids, dict) and len(set(pids.values())) == 1
        before = next(iter(pids.values()))
        # The token from YJS_QA_TOKEN is every worker's: uploads on fresh connections, until both
        # workers have taken one (the request log names the pid of each).
        log = served.log

        def posted_by() -> set[str]:
            return set(re.findall(r'"POST /api/documents" 200 [\d.]+ms pid=(\d+)', log.read_text()))

        for i in range(20):
            r = _upload(served.url, f"barnet-{i}.txt", NEW_REPORT.replace("monthly", f"monthly ({i})"))
            assert r.status_code == 200, r.text
            assert r.json()["files"][0]["status"] == "added"
            if len(posted_by()) == 2:
                break
        assert posted_by() == {str(p) for p in pids}
        # Every worker follows the version the last write published.
        latest = r.json()["index_version"]
        assert latest != before
        until(lambda: set(healthz_pids(served.url).values()) == {latest}, timeout=60)
        # A wrong token is refused by whichever worker takes it.
        bad = httpx.post(
            served.url + "/api/documents",
            files=[("files", ("x.txt", b"x", "text/plain"))],
            headers={"Authorization": "Bearer wrong"},
        )
        assert bad.status_code == 401 and bad.json()["error"] == "Unauthorized"
        # Metrics add up every worker's (prometheus-client's multi-process mode).
        metrics = httpx.get(served.url + "/metrics").text
        for pid in pids:
            assert f'yjs_qa_index_version{{pid="{pid}",version="{latest}"}} 1.0' in metrics
        assert 'yjs_qa_http_requests_total{method="POST",route="/api/documents",status="200"}' in metrics
    finally:
        served.stop()


@pytest.mark.e2e
def test_two_replicas_over_one_index_see_each_others_writes(fast_index: Path, tmp_path: Path) -> None:
    """Two `serve` processes on two ports over one index folder, as behind a load balancer: one
    writer lock, so an add through either is published once and both answer from it."""
    index = tmp_path / "index"
    shutil.copytree(fast_index, index)
    a = Served(index, tmp_path / "a.log", "--allow-uploads", token=TOKEN)
    b = Served(index, tmp_path / "b.log", "--allow-uploads", token=TOKEN)
    try:
        a.wait_ready()
        b.wait_ready()
        r = _upload(a.url, "barnet-2025-inspection.txt")
        assert r.status_code == 200, r.text
        version = r.json()["index_version"]
        params = {"question": "the board met monthly and reviewed performance closely", "k": 3}

        def answers_from_new(url: str) -> bool:
            body = httpx.get(url + "/api/ask", params=params, timeout=30).json()
            return bool(body["index_version"] == version)

        for replica in (a, b):
            until(lambda replica=replica: answers_from_new(replica.url), timeout=30)
            docs = httpx.get(replica.url + "/api/documents").json()
            assert "barnet-2025-inspection.txt" in [d["document"] for d in docs]
        # An add through the other replica too: the writer lock is the index's, not a process's.
        r = _upload(b.url, "barnet-2026-inspection.txt", NEW_REPORT.replace("2025", "2026") + "\nNew.\n")
        assert r.status_code == 200, r.text
        until(lambda: httpx.get(a.url + "/healthz").json()["version"] == r.json()["index_version"])
    finally:
        a.stop()
        b.stop()


def test_healthz_is_503_until_the_index_is_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A replica started before the first build answers 503 (with why), then opens it when it appears."""
    monkeypatch.setenv("YJS_QA_MODEL", "hash")
    index = tmp_path / "index"
    with TestClient(create_app(index)) as client:
        r = client.get("/healthz")
        assert r.status_code == 503
        assert r.json()["status"] == "starting" and "not open yet" in r.json()["detail"]
        r = client.get("/api/ask", params={"question": "planning"})
        assert r.status_code == 503 and r.json()["error"] == "IndexNotReady"
        assert r.headers["retry-after"] == "1"
        assert client.get("/").status_code == 503  # the page says so too, as a page
        Library.build(CORPUS, index, embedder=HashEmbedder())
        body = until(lambda: (r := client.get("/healthz")).status_code == 200 and r.json(), timeout=30)
        assert isinstance(body, dict)
        assert body["status"] == "ok" and body["documents"] == 5 and body["passages"] > 0
        assert client.get("/api/ask", params={"question": "planning"}).status_code == 200


def test_healthz_metrics_and_one_log_line_per_request(
    fast_index: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lib = Library.open(fast_index, embedder=HashEmbedder())
    caplog.set_level(logging.INFO, logger="yjs_qa.access")
    with TestClient(create_app(lib)) as client:
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["version"] == lib.version and health["documents"] == 5
        assert client.get("/api/ask", params={"question": "planning"}).status_code == 200
        assert client.get("/api/documents/nothing-here.txt").status_code == 404
        metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert re.search(r'yjs_qa_http_requests_total\{method="GET",route="/api/ask",status="200"\} \d', text)
    # The route's template, not the path asked for: labels stay few whatever is requested.
    assert 'route="/api/documents/{name}",status="404"' in text
    assert 'yjs_qa_http_request_duration_seconds_bucket{le="0.1",route="/api/ask"}' in text
    assert f'yjs_qa_index_version{{version="{lib.version}"}} 1.0' in text
    lines = [r.getMessage() for r in caplog.records if r.name == "yjs_qa.access"]
    assert len(lines) == 4 and all("\n" not in line for line in lines)
    assert re.fullmatch(r'\S+ "GET /api/ask" 200 [\d.]+ms pid=\d+', lines[1])  # no query string logged


def test_onnxruntime_threads_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """YJS_QA_THREADS, which `serve --workers N` sets to cores / N, is read as a thread count."""
    from yjs_qa import ModelLoadError
    from yjs_qa.index.onnx_embed import configured_threads

    monkeypatch.delenv("YJS_QA_THREADS", raising=False)
    assert configured_threads() is None
    monkeypatch.setenv("YJS_QA_THREADS", " 1 ")
    assert configured_threads() == 1
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("YJS_QA_THREADS", bad)
        with pytest.raises(ModelLoadError, match="YJS_QA_THREADS"):
            configured_threads()
