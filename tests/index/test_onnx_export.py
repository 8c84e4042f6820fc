"""The ONNX query path: same vectors and rankings as sentence-transformers, no torch, clean fallback."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from support import CORPUS, ROOT
from typer.testing import CliRunner

from yjs_qa import Library, SentenceTransformerEmbedder
from yjs_qa.cli.app import app
from yjs_qa.evaluate import load_questions
from yjs_qa.index.onnx_embed import BACKEND_ENV, OnnxEmbedder, check_export, export_dir
from yjs_qa.index.texts import embedding_text
from yjs_qa.settings import SETTINGS

pytestmark = pytest.mark.e2e  # every test here loads the real model

HEAVY = ("torch", "transformers", "sentence_transformers")
QUESTION = "what did inspectors say about contingency planning?"


def _export_of(index: Path, embedder: SentenceTransformerEmbedder) -> Path:
    return export_dir(index, embedder.fingerprint)


@pytest.fixture(scope="module")
def onnx_embedder(real_index: Path, real_embedder: SentenceTransformerEmbedder) -> OnnxEmbedder:
    return OnnxEmbedder(_export_of(real_index, real_embedder))


@pytest.fixture
def index_copy(real_index: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "index"
    shutil.copytree(real_index, dest)
    return dest


def test_build_exports_the_model_with_the_index_fingerprint(
    real_index: Path, real_embedder: SentenceTransformerEmbedder, onnx_embedder: OnnxEmbedder
) -> None:
    meta = check_export(_export_of(real_index, real_embedder), full=True)  # sha256 of every file
    assert meta["max_seq_length"] == 256
    manifest = json.loads(
        (real_index / "versions" / (real_index / "CURRENT").read_text() / "manifest.json").read_text()
    )
    assert manifest["model"] == {
        "name": onnx_embedder.name,
        "dimension": onnx_embedder.dimension,
        "fingerprint": onnx_embedder.fingerprint,
    }
    assert (onnx_embedder.name, onnx_embedder.dimension) == ("all-MiniLM-L6-v2", 384)
    assert not [p for p in (real_index / "models").iterdir() if p.name.startswith(".tmp-")]


def test_onnx_vectors_match_sentence_transformers(
    real_lib: Library, real_embedder: SentenceTransformerEmbedder, onnx_embedder: OnnxEmbedder
) -> None:
    docs = {d.document: d for d in real_lib.documents}
    passages = real_lib.passages
    # Passages as indexed (some past 256 tokens, so truncated), single sentences, and questions.
    texts = [embedding_text(docs[p.document], p) for p in passages[::2]]
    texts += [p.text[s.start : s.end] for p in passages[1::2] for s in p.sentences][:150]
    texts += [q.question for q in load_questions(ROOT / "eval" / "questions.jsonl")]
    assert len(texts) >= 300
    got, want = onnx_embedder.encode(texts), real_embedder.encode(texts)
    cosines = (got * want).sum(axis=1)
    assert cosines.min() >= 0.999, f"worst text: {texts[int(cosines.argmin())][:80]!r}"
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # One query alone (no padding) gives the same vector as inside a padded batch.
    single = onnx_embedder.encode_query(texts[-1])
    assert float(single @ want[-1]) >= 0.999
    assert float(single @ got[-1]) >= 0.99999


def test_fast_and_slow_paths_rank_the_gold_questions_alike(
    real_index: Path, real_lib: Library, onnx_embedder: OnnxEmbedder
) -> None:
    fast = Library.open(real_index, embedder=onnx_embedder)
    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    for q in questions:
        filters = {k: v for k, v in q.filters.items() if v}
        slow_ids = [p.id for p in real_lib.search(q.question, k=10, **filters)]  # type: ignore[arg-type]
        fast_ids = [p.id for p in fast.search(q.question, k=10, **filters)]  # type: ignore[arg-type]
        assert fast_ids == slow_ids, q.id
    slow_answer, fast_answer = real_lib.ask(QUESTION), fast.ask(QUESTION)
    assert [s.passage_id for s in fast_answer.sentences] == [s.passage_id for s in slow_answer.sentences]
    assert fast_answer.answer == slow_answer.answer


def test_a_question_imports_no_torch(real_index: Path) -> None:
    code = (
        "import sys, json\n"
        "from yjs_qa.cli.app import app\n"
        "from yjs_qa import Library\n"
        f"lib = Library.open({str(real_index)!r})\n"
        f"answer = lib.ask({QUESTION!r})\n"
        f"print(json.dumps([type(lib.embedder).__name__, [m for m in {HEAVY!r} if m in sys.modules],"
        " len(answer.passages)]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    kind, heavy, passages = json.loads(run.stdout)
    assert kind == "OnnxEmbedder"
    assert heavy == []
    assert passages == 8
    assert "sentence-transformers" not in run.stderr


def test_cli_falls_back_to_sentence_transformers_and_says_so_once(index_copy: Path) -> None:
    shutil.rmtree(index_copy / "models")
    result = CliRunner().invoke(app, ["ask", QUESTION, "-k", "3", "--index", str(index_copy)])
    assert result.exit_code == 0, result.output
    assert "Passages" in result.stdout
    assert result.stderr.count("answering with sentence-transformers") == 1, result.stderr
    # An index from before exports gets one from `index build`, though nothing needs embedding.
    _, report = Library.build_with_report(CORPUS, index_copy)
    assert report.embedded == 0
    assert type(Library.open(index_copy).embedder).__name__ == "OnnxEmbedder"


def test_a_damaged_export_is_not_used(index_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = next((index_copy / "models").iterdir())
    data = folder / "model.onnx.data"
    data.write_bytes(data.read_bytes()[:1000])  # truncated
    lib = Library.open(index_copy)
    with caplog.at_level(logging.WARNING, logger="yjs_qa"):
        assert isinstance(lib.embedder, SentenceTransformerEmbedder)
    assert "model.onnx.data is 1000 bytes" in caplog.text
    assert lib.ask(QUESTION, k=2).passages


def test_verify_finds_an_export_with_flipped_bytes(index_copy: Path) -> None:
    assert Library.open(index_copy).verify().ok
    folder = next((index_copy / "models").iterdir())
    data = folder / "model.onnx.data"
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # same size, so only the sha256 can tell
    data.write_bytes(bytes(raw))
    report = Library.open(index_copy).verify()
    assert not report.ok
    assert any("sha256" in p and "index build" in p for p in report.problems)


def test_backend_torch_forces_sentence_transformers(
    real_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert isinstance(Library.open(real_index).embedder, SentenceTransformerEmbedder)
    monkeypatch.setenv(BACKEND_ENV, "tensorflow")
    with pytest.raises(Exception, match="not a backend"):
        _ = Library.open(real_index).embedder


def test_an_export_for_other_weights_is_refused(index_copy: Path) -> None:
    folder = next((index_copy / "models").iterdir())
    meta = json.loads((folder / "meta.json").read_text())
    meta["fingerprint"] = "0123456789abcdef"
    (folder / "meta.json").write_text(json.dumps(meta))
    lib = Library.open(index_copy)
    assert isinstance(lib.embedder, SentenceTransformerEmbedder)


def test_the_export_is_reused_by_later_builds(
    index_copy: Path, real_embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    data = _export_of(index_copy, real_embedder) / "model.onnx.data"
    before = data.stat().st_mtime_ns
    report_file = tmp_path / "incoming" / "barnet-2025-news.txt"
    report_file.parent.mkdir()
    report_file.write_text(
        "Barnet youth justice service praised\n\n"
        "Inspectors found that case workers visited children in custody every month and planned "
        "their resettlement well before release.\n\n"
        "Staff said their workloads were manageable and that managers supported them.\n",
        encoding="utf-8",
    )
    report = Library.open(index_copy, embedder=real_embedder).add([report_file])
    assert report.embedded > 0
    assert data.stat().st_mtime_ns == before
    assert [p.name for p in (index_copy / "models").iterdir()] == [real_embedder.fingerprint]


def test_a_failed_export_leaves_the_build_standing(
    tmp_path: Path,
    real_embedder: SentenceTransformerEmbedder,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    strict = SETTINGS.index.model_copy(update={"onnx_min_cosine": 1.5})  # no export can pass the check
    monkeypatch.setattr("yjs_qa.index.onnx_export.SETTINGS", SETTINGS.model_copy(update={"index": strict}))
    index, corpus = tmp_path / "index", tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "kent-kentonline-news.txt", corpus)  # small: the export is what is tested
    with caplog.at_level(logging.WARNING, logger="yjs_qa"):
        lib = Library.build(corpus, index, embedder=real_embedder)
    assert "could not export the model to ONNX" in caplog.text
    assert list((index / "models").iterdir()) == []  # neither an export nor a half-written folder
    assert lib.ask(QUESTION, k=2).passages


def test_adding_embeds_with_sentence_transformers_even_after_onnx_answered(
    index_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = Library.open(index_copy)
    assert lib.ask(QUESTION, k=2).passages
    assert isinstance(lib.embedder, OnnxEmbedder)  # questions go through the export
    used: list[str] = []
    real_encode = SentenceTransformerEmbedder.encode

    def spy(self: SentenceTransformerEmbedder, texts: list[str], progress: object = None) -> np.ndarray:
        used.append(type(self).__name__)
        return real_encode(self, texts)

    monkeypatch.setattr(SentenceTransformerEmbedder, "encode", spy)
    onnx_encode = OnnxEmbedder.encode
    monkeypatch.setattr(
        OnnxEmbedder,
        "encode",
        lambda self, texts, progress=None: used.append("onnx") or onnx_encode(self, texts),
    )
    new = tmp_path / "newtown-report.txt"
    new.write_text(
        "An inspection of youth justice services in Newtown\n\nDomain two: Court disposals\n\n"
        "2.2. Planning\n\nPlanning for victims in Newtown named the victim's wishes in every case.\n",
        encoding="utf-8",
    )
    report = lib.add([new])
    assert report.embedded >= 1
    assert "SentenceTransformerEmbedder" in used
    # The ONNX copy may score answer sentences afterwards, but it embedded no passage for the index.
    assert used.index("SentenceTransformerEmbedder") == 0
