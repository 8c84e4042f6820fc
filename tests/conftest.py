"""Shared fixtures: the real corpus, a fast index with a fake embedder, and a real-model index.

Both indexes are built once per session and are read-only: a test that adds, removes or rebuilds
takes a copy (`fast_lib_copy`, or `shutil.copytree` of `real_index`); a check after each test says
which one changed a shared index. Tests that load the real model carry the `e2e` marker, so
`pytest -m "not e2e"` is the fast subset, and outside e2e loading the real model is an error.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import CORPUS, WIGAN_RELEASE, NetworkUsed, RealModelLoaded, incoming_report, snapshot

from yjs_qa import Document, Library, SentenceTransformerEmbedder
from yjs_qa.index import embed, onnx_embed
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.knowledge.services import clear_user_services
from yjs_qa.testing import HashEmbedder

# A test using any of these loads the real model: it is marked e2e (pytest_collection_modifyitems).
REAL_MODEL_FIXTURES = frozenset({"real_embedder", "real_index", "real_lib"})


# --- markers and guards --------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark e2e every test that uses a real-model fixture, directly or through another fixture."""
    for item in items:
        if REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (CI set), a skipped test fails the run: CI installs every extra and Chromium, so a skip
    there means a test that checked nothing. A developer without the browser still gets skips."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if os.environ.get("CI") and skipped and session.exitstatus == pytest.ExitCode.OK:
        reasons = sorted({str(getattr(r, "longrepr", ""))[-160:] for r in skipped})
        reporter.ensure_newline()
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped, which CI does not allow:", red=True)
        for reason in reasons:
            reporter.write_line(f"  {reason}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any network connection the test makes fails it: yjs-qa works offline."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed("yjs-qa tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(autouse=True)
def _real_model_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Outside e2e, loading sentence-transformers or the ONNX export of the real model fails the test.

    In e2e, a test given the session's real index must leave it as it found it."""
    if request.node.get_closest_marker("e2e") is not None:
        if "real_index" not in request.fixturenames:
            yield
            return
        index: Path = request.getfixturevalue("real_index")
        before = snapshot(index)
        yield
        assert snapshot(index) == before, "this test changed the shared real index: copy it first"
        return

    def refuse(*args: object, **kwargs: object) -> None:
        raise RealModelLoaded(f"{request.node.nodeid} loads the real model: mark it @pytest.mark.e2e")

    # quiet_offline_hub runs just before SentenceTransformerEmbedder loads torch weights, after the
    # cheap checks (folder, weight digests) that fast tests of bad models still exercise.
    monkeypatch.setattr(embed, "quiet_offline_hub", refuse)
    monkeypatch.setattr(onnx_embed.OnnxEmbedder, "__init__", refuse)
    yield


# --- corpus and the fast index -------------------------------------------------------------------


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_documents(corpus_dir: Path) -> dict[str, Document]:
    """The shipped corpus's documents as ingest tags them (no index), by file name."""
    return {p.name: ingest(p)[0] for p in sorted(corpus_dir.glob("*.txt"))}


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(autouse=True)
def _own_services() -> Iterator[None]:
    """Services a test's index adds (a services.csv) are registered for the process: forget them
    after the test, so no other test sees them."""
    yield
    clear_user_services()


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def fast_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus indexed once with the fake embedder (no model load). Read-only."""
    index = tmp_path_factory.mktemp("fast") / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder())
    return index


@pytest.fixture
def fast_lib(fast_index: Path, hash_embedder: HashEmbedder) -> Iterator[Library]:
    """The session's fast index, opened afresh for each test; the test must not write to it."""
    before = snapshot(fast_index)
    yield Library.open(fast_index, embedder=hash_embedder)
    assert snapshot(fast_index) == before, "this test changed the shared fast index: use fast_lib_copy"


@pytest.fixture
def fast_lib_copy(fast_index: Path, tmp_path: Path, hash_embedder: HashEmbedder) -> Library:
    """A writable copy of the fast index, at tmp_path / "index", for tests that add, remove or build."""
    dest = tmp_path / "index"
    shutil.copytree(fast_index, dest)
    return Library.open(dest, embedder=hash_embedder)


@pytest.fixture
def wigan(fast_lib_copy: Library, tmp_path: Path) -> Library:
    """A copy of the fast index with WIGAN_RELEASE added, opened afresh."""
    fast_lib_copy.add([incoming_report(tmp_path, WIGAN_RELEASE, "wigan-2024-press-release.txt")])
    return Library.open(fast_lib_copy.index_dir, embedder=fast_lib_copy.embedder)


# --- the real model ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    """The real all-MiniLM-L6-v2, loaded offline from the installed package."""
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory, real_embedder: SentenceTransformerEmbedder) -> Path:
    """The shipped corpus indexed once with the real model. Read-only: copy it to change it."""
    index = tmp_path_factory.mktemp("real") / "index"
    Library.build(CORPUS, index, embedder=real_embedder)
    return index


@pytest.fixture(scope="session")
def real_lib(real_index: Path, real_embedder: SentenceTransformerEmbedder) -> Library:
    return Library.open(real_index, embedder=real_embedder)
