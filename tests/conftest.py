"""Shared fixtures: the real corpus, a fast index with a fake embedder, and a real-model index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from yjs_qa import HashEmbedder, Library, SentenceTransformerEmbedder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def version_dir(index: Path) -> Path:
    """The live version's folder of the index at `index`."""
    return index / "versions" / (index / "CURRENT").read_text(encoding="utf-8").strip()


def incoming_report(tmp_path: Path, text: str, name: str = "barnet-2025-inspection.txt") -> Path:
    """A report written outside the corpus, as a user would add one."""
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


REPORT = "southend-on-sea-2024-hmip-inspection-report.txt"
PRESS = "southend-on-sea-2024-hmip-press-release.txt"
COUNCIL = "east-sussex-2024-cabinet-paper.txt"
ESSEX = "essex-2018-cypnow-news.txt"
KENT = "kent-kentonline-news.txt"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def fast_lib(tmp_path: Path, hash_embedder: HashEmbedder) -> Library:
    """The shipped corpus indexed with the deterministic fake embedder (no model load)."""
    return Library.build(CORPUS, tmp_path / "index", embedder=hash_embedder)


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    """The real all-MiniLM-L6-v2, loaded offline from the installed package."""
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory, real_embedder: SentenceTransformerEmbedder) -> Path:
    """The shipped corpus indexed once with the real model; tests open it read-only."""
    index = tmp_path_factory.mktemp("real") / "index"
    Library.build(CORPUS, index, embedder=real_embedder)
    return index


@pytest.fixture(scope="session")
def real_lib(real_index: Path, real_embedder: SentenceTransformerEmbedder) -> Library:
    return Library.open(real_index, embedder=real_embedder)
