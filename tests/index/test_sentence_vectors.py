"""Stored sentence vectors (`--sentence-vectors`): files, reuse on updates, turning on and off, the
query path reading them instead of embedding, old versions, damage, verify; and, with the real model,
the same answers as embedding sentences at question time."""

from __future__ import annotations

import json
import pickle
import random
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from support import CORPUS, REPORT, incoming_report, version_dir
from typer.testing import CliRunner

from yjs_qa import (
    IndexMismatchError,
    IndexStatus,
    Library,
    SentenceTransformerEmbedder,
    UpdateReport,
)
from yjs_qa.cli.app import app
from yjs_qa.index import store
from yjs_qa.index.embed import Progress
from yjs_qa.index.sentence_vectors import SENTENCE_OFFSETS_FILE, SENTENCES_FILE, sentence_offsets
from yjs_qa.index.texts import sentence_texts
from yjs_qa.index.verify import verify
from yjs_qa.settings import SETTINGS
from yjs_qa.testing import HashEmbedder

MIN_SENTENCE_WORDS = SETTINGS.query.min_sentence_words

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "what did inspectors say about contingency planning?",
    "how well did the service work with victims?",
    "speech, language and communication needs",
]
NEW_REPORT = """\
An inspection of youth justice services in Barnet

Domain two: Court disposals

2.2. Planning

Planning for victims in Barnet was exceptional. Every plan named the victim's wishes and set out
how restorative justice would be offered to them.

Case managers reviewed the safety plans of victims of knife crime every fortnight. They wrote to
each victim afterwards.
"""


class CountingEmbedder(HashEmbedder):
    """The fake embedder, remembering every text it was asked to encode (not query vectors)."""

    def __init__(self) -> None:
        super().__init__()
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.encoded += list(texts)
        return super().encode(texts, progress)


class QueryOnlyEmbedder(HashEmbedder):
    """Embeds questions; fails if asked to embed anything else (sentences at question time)."""

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        raise AssertionError(f"embedded {len(texts)} texts at question time")


def spans(lib: Library) -> int:
    return sum(len(p.sentences) for p in lib.passages)


def stored_by_id(lib: Library) -> dict[str, bytes]:
    """Each passage's stored sentence rows, as raw float16 bytes."""
    vdir = version_dir(lib.index_dir)
    matrix = np.load(vdir / SENTENCES_FILE, allow_pickle=False)
    offsets = np.load(vdir / SENTENCE_OFFSETS_FILE, allow_pickle=False)
    return {p.id: matrix[offsets[i] : offsets[i + 1]].tobytes() for i, p in enumerate(lib.passages)}


def assert_stored_match_a_fresh_embedding(lib: Library) -> None:
    """Every passage's stored rows are its sentences embedded now (to float16 precision)."""
    data = lib._view.data
    assert data.sentence_vectors is not None
    emb = HashEmbedder()
    for row, p in enumerate(data.passages):
        got = data.sentence_vectors.of(row, len(p.sentences))
        assert got.dtype == np.float32 and got.shape == (len(p.sentences), emb.dimension)
        if p.sentences:
            np.testing.assert_allclose(got, emb.encode(sentence_texts(p)), atol=2e-3)


@pytest.fixture
def on(fast_lib_copy: Library) -> Library:
    return fast_lib_copy  # a new index stores sentence vectors by default, as this one does


@pytest.fixture
def new_report(tmp_path: Path) -> Path:
    return incoming_report(tmp_path, NEW_REPORT)


# --- files -----------------------------------------------------------------------------------


def test_a_new_index_stores_sentence_vectors_by_default(tmp_path: Path) -> None:
    lib = Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    assert lib.status().sentence_vectors and lib._view.data.sentence_vectors is not None
    assert (version_dir(lib.index_dir) / SENTENCES_FILE).exists()


def test_files_are_written_only_when_on(tmp_path: Path) -> None:
    off = Library.build(CORPUS, tmp_path / "off", embedder=HashEmbedder(), sentence_vectors=False)
    vdir = version_dir(off.index_dir)
    assert not (vdir / SENTENCES_FILE).exists() and not (vdir / SENTENCE_OFFSETS_FILE).exists()
    assert json.loads((vdir / "manifest.json").read_text("utf-8"))["sentence_vectors"] is False
    assert off._view.data.sentence_vectors is None and not off.status().sentence_vectors

    on = Library.build(CORPUS, tmp_path / "on", embedder=HashEmbedder(), sentence_vectors=True)
    vdir = version_dir(on.index_dir)
    assert json.loads((vdir / "manifest.json").read_text("utf-8"))["sentence_vectors"] is True
    assert on.status().sentence_vectors
    matrix = np.load(vdir / SENTENCES_FILE, allow_pickle=False)
    offsets = np.load(vdir / SENTENCE_OFFSETS_FILE, allow_pickle=False)
    assert matrix.dtype == np.float16 and matrix.flags.c_contiguous
    assert matrix.shape == (spans(on), HashEmbedder().dimension)
    assert offsets.dtype == np.int64 and offsets.shape == (len(on.passages) + 1,)
    assert offsets[0] == 0 and offsets[-1] == len(matrix) and (np.diff(offsets) >= 0).all()
    # One row per span, ALL spans (short ones too), in passage row then span order.
    assert np.array_equal(np.diff(offsets), [len(p.sentences) for p in on.passages])
    assert any(len(t.split()) < MIN_SENTENCE_WORDS for p in on.passages for t in sentence_texts(p))
    assert_stored_match_a_fresh_embedding(on)
    assert on.verify().ok


def test_ask_reads_stored_vectors_instead_of_embedding_sentences(on: Library) -> None:
    fast = Library.open(on.index_dir, embedder=QueryOnlyEmbedder())
    slow = Library.open(
        Library.build(
            CORPUS, on.index_dir.parent / "off", embedder=HashEmbedder(), sentence_vectors=False
        ).index_dir,
        embedder=HashEmbedder(),
    )
    for q in QUESTIONS:
        a, b = fast.ask(q, k=8), slow.ask(q, k=8)
        assert [p.id for p in a.passages] == [p.id for p in b.passages]
        assert [(s.passage_id, s.start, s.end) for s in a.sentences] == [
            (s.passage_id, s.start, s.end) for s in b.sentences
        ]
        for x, y in zip(a.sentences, b.sentences, strict=True):
            assert x.score == pytest.approx(y.score, abs=2e-3)
        filtered = fast.ask(q, k=5, service="southend", standard="planning")
        assert filtered.passages


def test_an_index_without_sentence_vectors_embeds_them_at_question_time(tmp_path: Path) -> None:
    Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder(), sentence_vectors=False)
    counting = CountingEmbedder()
    lib = Library.open(tmp_path / "index", embedder=counting)
    ans = lib.ask(QUESTIONS[0], k=5)
    assert counting.encoded and set(counting.encoded) >= {s.text for s in ans.sentences}


# --- updates ---------------------------------------------------------------------------------


def test_add_reuses_sentence_rows_of_unchanged_passages(tmp_path: Path, new_report: Path) -> None:
    counting = CountingEmbedder()
    lib = Library.build(CORPUS, tmp_path / "index", embedder=counting, sentence_vectors=True)
    assert len(counting.encoded) == len(lib.passages) + spans(lib)  # passages and sentences, once
    before = stored_by_id(lib)
    counting.encoded.clear()
    report = lib.add([new_report])
    new = [p for p in lib.passages if p.document == new_report.name]
    new_sentences = [t for p in new for t in sentence_texts(p)]
    assert report.embedded == len(new) == 2
    assert report.sentences_embedded == len(new_sentences) == 4
    assert set(new_sentences) <= set(counting.encoded)
    assert len(counting.encoded) == len(new) + len(new_sentences)  # nothing old embedded again
    assert lib.status().sentence_vectors  # an add follows the index's setting
    after = stored_by_id(lib)
    assert {pid: after[pid] for pid in before} == before  # old rows copied, byte for byte
    assert_stored_match_a_fresh_embedding(lib)
    assert lib.verify().ok


def test_an_edited_document_embeds_only_its_changed_passages(tmp_path: Path, new_report: Path) -> None:
    counting = CountingEmbedder()
    lib = Library.build(CORPUS, tmp_path / "index", embedder=counting, sentence_vectors=True)
    lib.add([new_report])
    counting.encoded.clear()
    new_report.write_text(NEW_REPORT.replace("every fortnight", "every week"), encoding="utf-8")
    report = lib.add([new_report])
    assert [f.status for f in report.files] == ["updated"]
    assert report.embedded == 1 and report.sentences_embedded == 2
    changed = next(p for p in lib.passages if "every week" in p.text)
    assert len(counting.encoded) == 3 and set(sentence_texts(changed)) < set(counting.encoded)
    assert_stored_match_a_fresh_embedding(lib)


def test_remove_keeps_the_setting_and_the_rows(on: Library) -> None:
    before = stored_by_id(on)
    report = on.remove([REPORT])
    assert report.embedded == 0 and report.sentences_embedded == 0
    assert on.status().sentence_vectors
    after = stored_by_id(on)
    assert after == {pid: rows for pid, rows in before.items() if pid in after}
    assert on.verify().ok


def test_turning_sentence_vectors_on_and_off_with_build(tmp_path: Path) -> None:
    counting = CountingEmbedder()
    index = tmp_path / "index"
    lib = Library.build(CORPUS, index, embedder=counting, sentence_vectors=False)
    assert not lib.status().sentence_vectors
    counting.encoded.clear()

    # On for an existing index: every sentence embedded, no passage embedded again.
    lib, report = Library.build_with_report(CORPUS, index, embedder=counting, sentence_vectors=True)
    assert report.embedded == 0 and report.sentences_embedded == spans(lib) == len(counting.encoded)
    assert lib.status().sentence_vectors and (version_dir(index) / SENTENCES_FILE).exists()
    assert_stored_match_a_fresh_embedding(lib)
    version = lib.version

    # None keeps the setting: an unchanged corpus writes nothing new.
    counting.encoded.clear()
    lib = Library.build(CORPUS, index, embedder=counting)
    assert lib.version == version and lib.status().sentence_vectors and not counting.encoded
    lib = Library.build(CORPUS, index, embedder=counting, sentence_vectors=True)
    assert lib.version == version

    # --rebuild keeps it too, and embeds everything again.
    lib, report = Library.build_with_report(CORPUS, index, embedder=counting, rebuild=True)
    assert lib.status().sentence_vectors and report.sentences_embedded == spans(lib)

    # Off: the files go, nothing is embedded, answers come from question-time embedding.
    counting.encoded.clear()
    lib, report = Library.build_with_report(CORPUS, index, embedder=counting, sentence_vectors=False)
    assert not lib.status().sentence_vectors and report.embedded == 0 and report.sentences_embedded == 0
    assert not (version_dir(index) / SENTENCES_FILE).exists()
    assert not (version_dir(index) / SENTENCE_OFFSETS_FILE).exists()
    assert lib._view.data.sentence_vectors is None
    assert lib.ask(QUESTIONS[0]).passages and counting.encoded
    assert lib.verify().ok


def test_rebuild_of_an_index_that_cannot_be_opened_starts_from_the_default(tmp_path: Path) -> None:
    index = tmp_path / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder(), sentence_vectors=False)
    (version_dir(index) / "manifest.json").write_text("{damaged", "utf-8")
    lib = Library.build(CORPUS, index, embedder=HashEmbedder(), rebuild=True)
    assert lib.status().sentence_vectors


def test_random_updates_keep_stored_rows_equal_to_their_sentences(tmp_path: Path) -> None:
    rng = random.Random(5)
    work = tmp_path / "work"
    work.mkdir()
    lib = Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder(), sentence_vectors=True)
    present: set[str] = set()
    for step in range(12):
        name = f"service{rng.randrange(4)}.txt"
        if name in present and rng.random() < 0.3:
            lib.remove([name])
            present.discard(name)
        else:
            lines = [
                f"Sentence {step} about planning in Testshire number {i}." for i in range(rng.randrange(1, 4))
            ]
            body = (
                " ".join(lines) + "\n\nCase managers worked with schools on every plan. They wrote it down."
            )
            (work / name).write_text(
                f"An inspection of youth justice services in Testshire\n\nDomain two: Court disposals\n\n"
                f"2.2. Planning\n\n{body}\n",
                encoding="utf-8",
            )
            lib.add([work / name])
            present.add(name)
        assert_stored_match_a_fresh_embedding(lib)
    assert lib.verify().ok


def test_a_reader_keeps_its_sentence_vectors_when_a_writer_deletes_its_version(on: Library) -> None:
    lib = Library.open(on.index_dir, embedder=QueryOnlyEmbedder())
    before = lib.ask(QUESTIONS[0], k=5).model_dump_json()
    stored = lib._view.data.sentence_vectors
    assert stored is not None
    whole = np.array(stored.matrix())
    shutil.rmtree(version_dir(on.index_dir))  # as a writer's garbage collection would, later
    assert np.array_equal(stored.matrix(), whole)  # read through the files this reader opened
    lib._view.data.passages._cache.clear()
    assert lib.ask(QUESTIONS[0], k=5).model_dump_json() == before


# --- old versions, damage, verify ------------------------------------------------------------


def test_a_version_from_before_sentence_vectors_is_rebuilt_with_them_off(tmp_path: Path) -> None:
    index = tmp_path / "index"
    lib = Library.build(CORPUS, index, embedder=HashEmbedder(), sentence_vectors=False)
    expected = [lib.ask(q, k=5).model_dump_json() for q in QUESTIONS]
    path = version_dir(index) / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    del manifest["sentence_vectors"], manifest["files"]  # as format 1 wrote it before the setting
    manifest["format_version"] = 1
    path.write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexMismatchError, match="older yjs-qa"):
        Library.open(index, embedder=HashEmbedder())
    # The rebuild the message asks for keeps the setting it recorded (absent then meant off).
    old = Library.build(CORPUS, index, embedder=HashEmbedder(), rebuild=True)
    assert not old.status().sentence_vectors and old._view.data.sentence_vectors is None
    versions = lib.status().version or "", old.status().version or ""
    assert [old.ask(q, k=5).model_dump_json() for q in QUESTIONS] == [e.replace(*versions) for e in expected]
    assert old.verify().ok
    # An add into it keeps it off.
    extra = tmp_path / "extra.txt"
    extra.write_text(NEW_REPORT, encoding="utf-8")
    old.add([extra])
    assert not old.status().sentence_vectors


def _truncate(vdir: Path) -> None:
    path = vdir / SENTENCES_FILE
    path.write_bytes(path.read_bytes()[:-1000])


def _object_array(vdir: Path) -> None:
    np.save(vdir / SENTENCES_FILE, np.array([{"a": 1}], dtype=object), allow_pickle=True)


DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated": _truncate,
    "missing": lambda vdir: (vdir / SENTENCES_FILE).unlink(),
    "missing offsets": lambda vdir: (vdir / SENTENCE_OFFSETS_FILE).unlink(),
    "not npy": lambda vdir: (vdir / SENTENCES_FILE).write_bytes(b"not a numpy file at all" * 10),
    "header only": lambda vdir: (vdir / SENTENCES_FILE).write_bytes(
        (vdir / SENTENCES_FILE).read_bytes()[:128]
    ),
    "pickled objects": _object_array,
    "float32": lambda vdir: np.save(
        vdir / SENTENCES_FILE, np.load(vdir / SENTENCES_FILE).astype(np.float32), allow_pickle=False
    ),
    "wrong width": lambda vdir: np.save(
        vdir / SENTENCES_FILE, np.load(vdir / SENTENCES_FILE)[:, :10].copy(), allow_pickle=False
    ),
    "short offsets": lambda vdir: np.save(
        vdir / SENTENCE_OFFSETS_FILE, np.load(vdir / SENTENCE_OFFSETS_FILE)[:-3], allow_pickle=False
    ),
    "decreasing offsets": lambda vdir: np.save(
        vdir / SENTENCE_OFFSETS_FILE, np.load(vdir / SENTENCE_OFFSETS_FILE)[::-1].copy(), allow_pickle=False
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_sentence_files_are_a_clear_mismatch(
    on: Library, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = on.index_dir
    DAMAGE[damage](version_dir(index))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("something unpickled")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    with pytest.raises(IndexMismatchError, match=r"yjs-qa index build --rebuild") as caught:
        Library.open(index, embedder=HashEmbedder())
    assert "sentences" in str(caught.value)
    report = verify(index)
    assert not report.ok and any("sentences" in p for p in report.problems), report.problems
    # The message's advice works.
    lib = Library.build(CORPUS, index, embedder=HashEmbedder(), rebuild=True, sentence_vectors=True)
    assert lib.verify().ok


def test_offsets_that_misplace_rows_are_found_by_verify_and_by_a_question(on: Library) -> None:
    index = on.index_dir
    top = on.ask(QUESTIONS[0], k=5).passages[0]
    row = next(i for i, p in enumerate(on.passages) if p.id == top.id)
    path = version_dir(index) / SENTENCE_OFFSETS_FILE
    offsets = np.load(path, allow_pickle=False)
    counts = np.diff(offsets)
    donor = next(i for i in range(len(counts)) if i != row and counts[i] > 0)
    counts[row] += 1
    counts[donor] -= 1  # the total, and so the file's shape, still agree: only the rows are wrong
    np.save(path, np.concatenate(([0], np.cumsum(counts))).astype(np.int64), allow_pickle=False)
    report = verify(index)
    assert not report.ok
    assert any("one row per sentence" in p for p in report.problems), report.problems
    lib = Library.open(index, embedder=HashEmbedder())  # opening parses no passage, so cannot tell
    with pytest.raises(IndexMismatchError, match=rf"passage row {row} has"):
        lib.ask(QUESTIONS[0], k=5)


def test_verify_finds_nan_in_sentence_vectors(on: Library) -> None:
    path = version_dir(on.index_dir) / SENTENCES_FILE
    matrix = np.load(path, allow_pickle=False)
    matrix[3, 5] = np.nan
    np.save(path, matrix, allow_pickle=False)
    report = verify(on.index_dir)
    assert not report.ok and any("NaN" in p for p in report.problems), report.problems


def test_verify_finds_vectors_that_are_not_unit_length(on: Library) -> None:
    path = version_dir(on.index_dir) / SENTENCES_FILE
    matrix = np.load(path, allow_pickle=False)
    matrix[7] *= 2
    np.save(path, matrix, allow_pickle=False)
    report = verify(on.index_dir)
    assert not report.ok and any("unit length" in p for p in report.problems), report.problems


def test_store_write_refuses_sentence_vectors_of_the_wrong_shape(on: Library, tmp_path: Path) -> None:
    data = on._view.data
    passages = list(data.passages)
    with pytest.raises(ValueError, match="sentence vectors"):
        store.write(
            tmp_path / "other",
            documents=list(data.manifest.documents),
            passages=passages,
            vectors=np.asarray(data.vectors),
            keyword_texts=[p.text for p in passages],
            model=data.manifest.model,
            dimension=data.manifest.dimension,
            fingerprint=data.manifest.model_fingerprint,
            sentence_vectors=np.zeros((int(sentence_offsets(passages)[-1]) - 1, data.manifest.dimension)),
        )


# --- the command line, and the real model -----------------------------------------------------


def test_cli_build_turns_sentence_vectors_on_and_off(
    tmp_path: Path,
    real_index: Path,
    real_embedder: SentenceTransformerEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("yjs_qa.index.model_choice.SentenceTransformerEmbedder", lambda: real_embedder)
    runner = CliRunner()
    index = tmp_path / "index"
    shutil.copytree(real_index, index)
    args = ["index", "build", "--corpus", str(CORPUS), "--index", str(index), "--json"]
    result = runner.invoke(app, [*args, "--no-sentence-vectors"])  # the real index has them (default)
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["index", "status", "--json", "--index", str(index)])
    assert not IndexStatus.model_validate(json.loads(result.stdout)).sentence_vectors
    result = runner.invoke(app, [*args, "--sentence-vectors"])
    assert result.exit_code == 0, result.output
    report = UpdateReport.model_validate(json.loads(result.stdout))
    assert report.embedded == 0 and report.sentences_embedded > 200
    result = runner.invoke(app, ["index", "status", "--json", "--index", str(index)])
    assert IndexStatus.model_validate(json.loads(result.stdout)).sentence_vectors
    result = runner.invoke(app, ["index", "verify", "--index", str(index)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*args[:-1]])  # no flag: kept, nothing to do
    assert result.exit_code == 0 and "0 embedded now." in result.output, result.output
    result = runner.invoke(app, [*args, "--no-sentence-vectors"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["index", "status", "--json", "--index", str(index)])
    assert not IndexStatus.model_validate(json.loads(result.stdout)).sentence_vectors


@pytest.fixture(scope="session")
def real_index_without_sentences(
    tmp_path_factory: pytest.TempPathFactory, real_index: Path, real_embedder: SentenceTransformerEmbedder
) -> Path:
    """The real index (sentence vectors on, the default), copied and turned off: nothing embedded."""
    index = tmp_path_factory.mktemp("real-no-sentences") / "index"
    shutil.copytree(real_index, index)
    lib, report = Library.build_with_report(CORPUS, index, embedder=real_embedder, sentence_vectors=False)
    assert report.embedded == 0 and report.sentences_embedded == 0
    assert lib._view.data.sentence_vectors is None
    return index


def test_stored_sentence_vectors_give_the_same_answers_on_the_gold_questions(
    real_index_without_sentences: Path, real_lib: Library, real_embedder: SentenceTransformerEmbedder
) -> None:
    # The same query embedder (sentence-transformers) on both sides; the stored side's sentence
    # vectors were embedded at build time, in other batches, and stored as float16.
    fast = real_lib
    slow = Library.open(real_index_without_sentences, embedder=real_embedder)
    assert fast._view.data.sentence_vectors is not None and slow._view.data.sentence_vectors is None
    questions = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").open(encoding="utf-8")]
    assert len(questions) >= 20
    for q in questions:
        filters = {k: v for k, v in q.get("filters", {}).items() if v}
        a, b = fast.ask(q["question"], **filters), slow.ask(q["question"], **filters)
        assert [p.id for p in a.passages] == [p.id for p in b.passages], q["id"]
        assert [(s.passage_id, s.start, s.end) for s in a.sentences] == [
            (s.passage_id, s.start, s.end) for s in b.sentences
        ], q["id"]
        assert a.found == b.found and a.answer == b.answer, q["id"]
        for x, y in zip(a.passages, b.passages, strict=True):
            if x.sentence_score is not None or y.sentence_score is not None:
                assert x.sentence_score == pytest.approx(y.sentence_score, abs=1e-3), q["id"]


def test_float16_sentence_vectors_change_cosines_by_under_1e_3(
    real_index: Path, real_embedder: SentenceTransformerEmbedder
) -> None:
    lib = Library.open(real_index, embedder=real_embedder)
    texts = [t for p in lib.passages for t in sentence_texts(p)]
    exact = real_embedder.encode(texts)
    stored = np.load(version_dir(real_index) / SENTENCES_FILE, allow_pickle=False)
    questions = real_embedder.encode(
        [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open(encoding="utf-8")]
    )
    error = np.abs(questions @ exact.T - questions @ stored.astype(np.float32).T).max()
    assert error < 1e-3
