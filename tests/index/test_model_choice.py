"""YJS_QA_MODEL=hash: the library and the CLI run on the fake embedder, with no model and no patching."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import CORPUS, ESSEX, KENT, RealModelLoaded
from typer.testing import CliRunner

from yjs_qa import Answer, IndexStatus, Library, SentenceTransformerEmbedder, UpdateReport
from yjs_qa.cli.app import app
from yjs_qa.index.embed import MODEL_ENV, embedder_from_env
from yjs_qa.testing import HashEmbedder

HASH = {MODEL_ENV: "hash"}
QUESTION = "what did inspectors say about contingency planning?"
runner = CliRunner()


@pytest.mark.parametrize("value", ["hash", "HASH", " hash "])
def test_hash_selects_the_fake_embedder(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(MODEL_ENV, value)
    embedder = embedder_from_env()
    assert isinstance(embedder, HashEmbedder)
    assert embedder.fingerprint == HashEmbedder().fingerprint


@pytest.mark.parametrize("value", [None, "", "/some/model/folder"])
def test_otherwise_the_model_loads_as_before(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    # Unset, or a folder (checked when the model loads): no stand-in, the usual model choice.
    if value is None:
        monkeypatch.delenv(MODEL_ENV, raising=False)
    else:
        monkeypatch.setenv(MODEL_ENV, value)
    assert embedder_from_env() is None


def test_the_library_builds_adds_and_answers_on_the_fake(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MODEL_ENV, "hash")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / ESSEX, corpus)
    lib = Library.build(corpus, tmp_path / "index")  # no embedder given: the environment's
    assert lib.status().model == HashEmbedder().name
    assert lib.add([CORPUS / KENT]).embedded > 0
    assert Library.open(tmp_path / "index").ask(QUESTION, k=3).passages


def test_cli_builds_adds_removes_and_answers(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / ESSEX, corpus)
    index = str(tmp_path / "index")

    result = runner.invoke(
        app, ["index", "build", "--corpus", str(corpus), "--index", index, "--json"], env=HASH
    )
    assert result.exit_code == 0, result.output
    assert UpdateReport.model_validate(json.loads(result.stdout)).embedded > 0

    result = runner.invoke(app, ["index", "status", "--json", "--index", index], env=HASH)
    assert result.exit_code == 0, result.output
    assert IndexStatus.model_validate(json.loads(result.stdout)).model == HashEmbedder().name

    result = runner.invoke(app, ["add", str(CORPUS / KENT), "--index", index], env=HASH)
    assert result.exit_code == 0, result.output
    assert "added 1" in result.output

    result = runner.invoke(app, ["ask", QUESTION, "-k", "3", "--json", "--index", index], env=HASH)
    assert result.exit_code == 0, result.output
    assert len(Answer.model_validate(json.loads(result.stdout)).passages) == 3

    result = runner.invoke(app, ["remove", KENT, "--index", index, "--json"], env=HASH)
    assert result.exit_code == 0, result.output
    assert [f.status for f in UpdateReport.model_validate(json.loads(result.stdout)).files] == ["removed"]


def test_cli_answers_as_the_library_does_with_the_fake(fast_lib: Library) -> None:
    result = runner.invoke(app, ["ask", QUESTION, "--json", "--index", str(fast_lib.index_dir)], env=HASH)
    assert result.exit_code == 0, result.output
    assert Answer.model_validate(json.loads(result.stdout)) == fast_lib.ask(QUESTION)


def test_outside_e2e_loading_the_real_model_fails_the_test() -> None:
    # The guard in conftest.py that keeps `pytest -m "not e2e"` fast: it fires after the cheap checks.
    with pytest.raises(RealModelLoaded, match="mark it"):
        SentenceTransformerEmbedder()
