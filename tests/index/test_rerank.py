"""The optional cross-encoder reranker: its plumbing with a fake, a tiny local CrossEncoder, and the
default path, which must not change or load sentence-transformers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from yjs_qa import Answer, FilterSpec, Library, ModelLoadError
from yjs_qa.cli.app import app
from yjs_qa.index.embed import MODEL_ENV, default_model_path
from yjs_qa.index.rerank import RERANKER_ENV, CrossEncoderReranker
from yjs_qa.query.plan import make_plan
from yjs_qa.query.rank import rank
from yjs_qa.query.retrieve import Mode, retrieve
from yjs_qa.settings import SETTINGS
from yjs_qa.testing import HashEmbedder

RERANK_DEPTH = SETTINGS.query.rerank_depth
SENTENCE_POOL = SETTINGS.query.sentence_pool

runner = CliRunner()
QUESTION = "what did inspectors say about contingency planning?"
HEAVY = ("torch", "transformers", "sentence_transformers")


class WordReranker:
    """Scores a passage by how often it uses `word`: a stand-in for a cross-encoder's judgement."""

    def __init__(self, word: str, name: str = "word-reranker") -> None:
        self.word = word
        self.name = name
        self.calls: list[list[str]] = []

    def score(self, question: str, texts: Sequence[str]) -> list[float]:
        self.calls.append(list(texts))
        return [float(t.lower().count(self.word)) for t in texts]


class ReverseReranker:
    """Scores the first text lowest and the last highest: the fused order, upside down."""

    name = "reverse"

    def score(self, question: str, texts: Sequence[str]) -> list[float]:
        return [float(i) for i in range(len(texts))]


def _reopen(lib: Library, **kwargs: object) -> Library:
    return Library.open(lib.index_dir, embedder=HashEmbedder(), **kwargs)  # type: ignore[arg-type]


def _ids(passages: Sequence[object]) -> list[str]:
    return [p.id for p in passages]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_env_reranker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RERANKER_ENV, raising=False)


@pytest.fixture
def hash_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line answers a fast_lib index with the hash embedder it was built with."""
    monkeypatch.setenv(MODEL_ENV, "hash")


# --- a fake reranker: the plumbing -------------------------------------------------------------


def test_search_puts_the_rerankers_choices_first(fast_lib: Library) -> None:
    before = fast_lib.search(QUESTION, k=RERANK_DEPTH)
    word = "police"
    uses = [p.text.lower().count(word) for p in before]
    assert 0 < sum(u > 0 for u in uses) < 5 and uses[0] == 0  # the word must move something up
    reranker = WordReranker(word)
    after = _reopen(fast_lib, reranker=reranker).search(QUESTION, k=RERANK_DEPTH)
    # It saw the top passages' texts, in the fused order, once.
    assert reranker.calls == [[p.text for p in before]]
    # Stable sort: most uses of the word first, ties in the fused order.
    expected = [before[i].id for i in sorted(range(len(before)), key=lambda i: -uses[i])]
    assert _ids(after) == expected
    assert [p.rerank_score for p in after] == sorted((float(u) for u in uses), reverse=True)
    assert [p.rank for p in after] == list(range(1, RERANK_DEPTH + 1))


def test_only_the_top_passages_are_reordered(fast_lib: Library) -> None:
    k = RERANK_DEPTH + 10
    before = fast_lib.search(QUESTION, k=k)
    after = _reopen(fast_lib, reranker=ReverseReranker()).search(QUESTION, k=k)
    assert _ids(after[RERANK_DEPTH:]) == _ids(before[RERANK_DEPTH:])  # below N: as they were
    assert all(p.rerank_score is not None for p in after[:RERANK_DEPTH])
    assert all(p.rerank_score is None for p in after[RERANK_DEPTH:])
    # This index has no near-duplicates among them to keep apart: the top N exactly reversed.
    assert _ids(after[:RERANK_DEPTH]) == _ids(before[:RERANK_DEPTH])[::-1]


def test_dense_and_keyword_search_are_not_reranked(fast_lib: Library) -> None:
    reranker = WordReranker("police")
    lib = _reopen(fast_lib, reranker=reranker)
    for mode in ("dense", "keyword"):
        assert _ids(lib.search(QUESTION, k=10, mode=mode)) == _ids(fast_lib.search(QUESTION, k=10, mode=mode))
    assert reranker.calls == []


def test_ask_takes_the_rerankers_order_and_says_so(fast_lib: Library) -> None:
    word = "education"
    lib = _reopen(fast_lib, reranker=WordReranker(word, name="my-cross-encoder"))
    ans = lib.ask(QUESTION, k=8)
    # The cross-encoder's order is final: ask lists what reranked search lists, and the passages
    # that use the word lead, whatever their sentences score.
    assert _ids(ans.passages) == _ids(lib.search(QUESTION, k=8))
    assert word in ans.passages[0].text.lower()
    assert _ids(ans.passages) != _ids(fast_lib.ask(QUESTION, k=8).passages)
    data = json.loads(ans.model_dump_json())
    assert data["reranker"] == "my-cross-encoder"
    assert data["passages"][0]["rerank_score"] >= 1.0
    assert all(isinstance(p["rerank_score"], float) for p in data["passages"])
    # Sentences were still scored and chosen for the answer, verbatim from their passages.
    assert ans.found and ans.sentences
    assert any(p.sentence_score is not None for p in ans.passages[:SENTENCE_POOL])
    for s in ans.sentences:
        p = ans.passages[s.passage - 1]
        assert p.id == s.passage_id
        assert p.text[s.start : s.end] == s.text
        assert f"{s.text} [{s.passage}]" in ans.answer


def test_a_quantity_question_with_a_reranker_still_answers(fast_lib: Library) -> None:
    question = "How many volunteers does the Southend youth justice service have?"
    lib = _reopen(fast_lib, reranker=WordReranker("volunteer"))
    ans = lib.ask(question, k=8)
    assert ans.reranker == "word-reranker"
    assert "volunteer" in ans.passages[0].text.lower()
    for s in ans.sentences:
        assert ans.passages[s.passage - 1].text[s.start : s.end] == s.text


def test_a_reranker_that_miscounts_is_an_error(fast_lib: Library) -> None:
    class Short:
        name = "short"

        def score(self, question: str, texts: Sequence[str]) -> list[float]:
            return [1.0]

    with pytest.raises(ModelLoadError, match="gave 1 scores for 20 passages"):
        _reopen(fast_lib, reranker=Short()).search(QUESTION)


# --- the default: no reranker ------------------------------------------------------------------


def test_without_a_reranker_ask_and_search_rank_as_before(fast_lib: Library) -> None:
    assert fast_lib.reranker is None
    # Search is the fused ranking as retrieval returns it; ask re-ranks its top passages by sentence.
    view = fast_lib._view
    qplan = make_plan(QUESTION, view, FilterSpec())
    qvec = fast_lib.embedder.encode_query(QUESTION)
    hits = rank(view, qplan, retrieve(view, qplan, QUESTION, qvec, Mode.HYBRID), QUESTION, reranker=None).hits
    assert _ids(fast_lib.search(QUESTION, k=10)) == [fast_lib.passages[h.row].id for h in hits[:10]]
    assert qplan.expectation is None
    by_sentence = rank(
        view,
        qplan,
        retrieve(view, qplan, QUESTION, qvec, Mode.HYBRID),
        QUESTION,
        reranker=None,
        qvec=qvec,
        embedder=fast_lib.embedder,
    ).hits
    ans = fast_lib.ask(QUESTION, k=10)
    assert _ids(ans.passages) == [fast_lib.passages[h.row].id for h in by_sentence[:10]]
    # The JSON is today's, with the new fields null.
    data = json.loads(ans.model_dump_json())
    assert data["reranker"] is None
    assert all(p["rerank_score"] is None for p in data["passages"])

    # A reranker that ties everything changes nothing in search: ties keep the fused order.
    class Flat:
        name = "flat"

        def score(self, question: str, texts: Sequence[str]) -> list[float]:
            return [0.0] * len(texts)

    assert _ids(_reopen(fast_lib, reranker=Flat()).search(QUESTION, k=30)) == _ids(
        fast_lib.search(QUESTION, k=30)
    )


def test_the_default_path_imports_no_sentence_transformers(fast_lib: Library, tmp_path: Path) -> None:
    # A reranker folder named but not yet used costs nothing either: it loads on the first question.
    folder = tmp_path / "some-cross-encoder"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    code = (
        "import sys, json\n"
        "from yjs_qa.cli.app import app\n"
        "from yjs_qa import Library\n"
        "from yjs_qa.testing import HashEmbedder\n"
        "from yjs_qa.index.rerank import CrossEncoderReranker\n"
        f"lib = Library.open({str(fast_lib.index_dir)!r}, embedder=HashEmbedder())\n"
        f"answer = lib.ask({QUESTION!r})\n"
        f"found = lib.search({QUESTION!r})\n"
        f"named = CrossEncoderReranker({str(folder)!r})\n"
        f"print(json.dumps([[m for m in {HEAVY!r} if m in sys.modules], answer.reranker,"
        " len(answer.passages), len(found), named.name]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != RERANKER_ENV}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    heavy, reranker, passages, found, name = json.loads(run.stdout)
    assert heavy == []
    assert reranker is None
    assert (passages, found) == (8, 10)
    assert name == "some-cross-encoder"


# --- bad paths -----------------------------------------------------------------------------------


def test_a_missing_or_wrong_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match=r"does not exist; point --reranker or YJS_QA_RERANKER"):
        CrossEncoderReranker(tmp_path / "nowhere")
    a_file = tmp_path / "model.bin"
    a_file.write_bytes(b"x")
    with pytest.raises(ModelLoadError, match="is not a folder"):
        CrossEncoderReranker(a_file)
    with pytest.raises(ModelLoadError, match=r"not a cross-encoder model folder \(no config.json\)"):
        CrossEncoderReranker(tmp_path)


def test_env_reranker_is_checked_on_the_first_question(
    fast_lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-model"
    monkeypatch.setenv(RERANKER_ENV, str(missing))
    lib = _reopen(fast_lib)  # opening, status and ratings do not need it
    assert lib.status().passages == len(fast_lib.passages)
    with pytest.raises(ModelLoadError, match=f"{missing} does not exist"):
        lib.ask(QUESTION)
    with pytest.raises(ModelLoadError, match=f"{missing} does not exist"):
        lib.search(QUESTION)
    # One given to open wins over the environment.
    assert _reopen(fast_lib, reranker=WordReranker("police")).ask(QUESTION).reranker == "word-reranker"


def test_cli_missing_reranker_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "no-such-model"
    for args, env in (
        (["--reranker", str(missing)], {}),
        ([], {RERANKER_ENV: str(missing)}),
    ):
        for command in (["ask", QUESTION], ["eval"]):
            result = runner.invoke(app, [*command, "--index", str(tmp_path / "index"), *args], env=env)
            assert result.exit_code == 1, result.output
            assert f"{missing} does not exist" in result.output
            assert "YJS_QA_RERANKER" in result.output
            assert "Traceback" not in result.output
            assert not (tmp_path / "index").exists()  # checked before any index is built


def test_cli_help_names_the_option_and_env() -> None:
    result = runner.invoke(app, ["ask", "--help"], env={"COLUMNS": "200"})
    assert "--reranker" in result.output and "YJS_QA_RERANKER" in result.output


# --- a real CrossEncoder: a tiny one, randomly initialised, built here --------------------------


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer BERT cross-encoder with random weights and the packaged model's tokenizer."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    folder = tmp_path_factory.mktemp("models") / "tiny-cross-encoder"
    tokenizer = AutoTokenizer.from_pretrained(str(default_model_path()))
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=37,
        num_labels=1,
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder


def test_cross_encoder_scores_pairs_offline(tiny_cross_encoder: Path, no_network: None) -> None:
    reranker = CrossEncoderReranker(tiny_cross_encoder)
    assert reranker.name == "tiny-cross-encoder"
    texts = ["Planning to keep people safe was sufficient.", "Staff turnover was high.", "x"]
    scores = reranker.score(QUESTION, texts)
    assert len(scores) == 3
    assert all(isinstance(s, float) and np.isfinite(s) for s in scores)
    assert scores == reranker.score(QUESTION, texts)  # deterministic
    assert len(set(scores)) > 1  # the text is read: different passages, different scores
    assert reranker.score(QUESTION, []) == []


def test_library_with_a_real_cross_encoder(
    fast_lib: Library, tiny_cross_encoder: Path, no_network: None
) -> None:
    reranker = CrossEncoderReranker(tiny_cross_encoder)
    lib = _reopen(fast_lib, reranker=reranker)
    ans = lib.ask(QUESTION, k=8)
    assert ans.reranker == "tiny-cross-encoder"
    scores = [p.rerank_score for p in ans.passages]
    assert all(s is not None for s in scores)
    # The passages come in the cross-encoder's order, with the scores it gives them.
    pairs = reranker.score(QUESTION, [p.text for p in ans.passages])
    assert scores == pytest.approx(pairs, abs=1e-5)
    assert sorted(scores, reverse=True) == scores  # type: ignore[type-var]
    for s in ans.sentences:
        assert ans.passages[s.passage - 1].text[s.start : s.end] == s.text


def test_env_var_points_the_library_to_a_cross_encoder(
    fast_lib: Library, tiny_cross_encoder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RERANKER_ENV, str(tiny_cross_encoder))
    lib = _reopen(fast_lib)
    assert lib.search(QUESTION, k=3)[0].rerank_score is not None
    assert isinstance(lib.reranker, CrossEncoderReranker)
    assert lib.ask(QUESTION).reranker == "tiny-cross-encoder"


def test_cli_reranker_end_to_end(fast_lib: Library, tiny_cross_encoder: Path, hash_queries: None) -> None:
    index = str(fast_lib.index_dir)
    result = runner.invoke(app, ["ask", QUESTION, "--index", index, "--reranker", str(tiny_cross_encoder)])
    assert result.exit_code == 0, result.output
    assert "Re-ranked by: tiny-cross-encoder" in result.output
    result = runner.invoke(
        app, ["ask", QUESTION, "--index", index, "--json"], env={RERANKER_ENV: str(tiny_cross_encoder)}
    )
    assert result.exit_code == 0, result.output
    answer = Answer.model_validate(json.loads(result.stdout))
    assert answer.reranker == "tiny-cross-encoder"
    assert all(p.rerank_score is not None for p in answer.passages)
    plain = runner.invoke(app, ["ask", QUESTION, "--index", index])
    assert plain.exit_code == 0, plain.output
    assert "Re-ranked by" not in plain.output


def test_a_folder_that_is_not_a_model_fails_on_first_use(tmp_path: Path, tiny_cross_encoder: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text('{"model_type": "bert"}')  # no weights, no tokenizer
    reranker = CrossEncoderReranker(broken)  # the folder looks right; loading finds out
    with pytest.raises(ModelLoadError, match=f"cannot load the cross-encoder at {broken}"):
        reranker.score(QUESTION, ["a passage"])
