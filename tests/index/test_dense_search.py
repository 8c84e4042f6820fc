"""Approximate (HNSW) dense search above a size threshold: format, loading, verify, recall, filters.

The threshold is lowered for these tests, so small corpora get the HNSW index a large one would.
No timings are asserted here; benchmarks/bench_ann.py measures them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest
from support import ROOT, version_dir

from yjs_qa import IndexMismatchError, Library, SentenceTransformerEmbedder
from yjs_qa.index import dense_build, dense_search, store
from yjs_qa.index.dense_build import DENSE_FILE, DenseSpec, dense_spec_for
from yjs_qa.index.texts import keyword_text
from yjs_qa.index.verify import verify
from yjs_qa.index.version_data import IndexData
from yjs_qa.query import retrieve
from yjs_qa.settings import SETTINGS
from yjs_qa.testing import HashEmbedder

INDEX = SETTINGS.index


def with_index_settings(monkeypatch: pytest.MonkeyPatch, module: object, **values: object) -> None:
    """`module` reads SETTINGS.index with these fields changed, for the test."""
    changed = SETTINGS.model_copy(update={"index": INDEX.model_copy(update=values)})
    monkeypatch.setattr(module, "SETTINGS", changed)


def rewrite(source: Path, dest: Path, ann_threshold: int) -> IndexData:
    """The live version of `source` written again at `dest` with the given threshold."""
    data = store.load(source)
    docs = {d.document: d for d in data.manifest.documents}
    store.write(
        dest,
        documents=data.manifest.documents,
        passages=data.passages,
        vectors=np.asarray(data.vectors),
        keyword_texts=[keyword_text(docs[p.document], p) for p in data.passages],
        model=data.manifest.model,
        dimension=data.manifest.dimension,
        fingerprint=data.manifest.model_fingerprint,
        ratings=data.ratings,
        recommendations=data.recommendations,
        ann_threshold=ann_threshold,
    )
    return store.load(dest)


@pytest.fixture(scope="module")
def hnsw_index(real_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus (real model) written with an HNSW dense index."""
    dest = tmp_path_factory.mktemp("hnsw") / "index"
    rewrite(real_index, dest, ann_threshold=1)
    return dest


def gold_questions() -> list[str]:
    lines = (ROOT / "eval" / "questions.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def test_small_indexes_stay_exact(fast_lib: Library) -> None:
    vdir = version_dir(fast_lib.index_dir)
    assert json.loads((vdir / DENSE_FILE).read_text("utf-8")) == {"kind": "flat"}
    data = store.load(fast_lib.index_dir)
    assert data.dense_spec == DenseSpec()
    assert isinstance(data.dense, faiss.IndexFlatIP)


def test_threshold_picks_the_kind() -> None:
    assert dense_spec_for(INDEX.ann_threshold - 1).kind == "flat"
    assert dense_spec_for(INDEX.ann_threshold).kind == "hnsw"
    assert dense_spec_for(10, threshold=10).approximate
    assert DenseSpec.from_json(dense_spec_for(10, threshold=10).to_json()).m == INDEX.hnsw_m
    with pytest.raises(ValueError):
        DenseSpec.from_json({"kind": "ivf"})


def test_hnsw_version_is_recorded_loads_and_verifies(hnsw_index: Path) -> None:
    spec = json.loads((version_dir(hnsw_index) / DENSE_FILE).read_text("utf-8"))
    assert spec == {
        "kind": "hnsw",
        "m": INDEX.hnsw_m,
        "ef_construction": INDEX.hnsw_ef_construction,
        "ef_search": INDEX.hnsw_ef_search,
    }
    data = store.load(hnsw_index)
    assert isinstance(data.dense, faiss.IndexHNSWFlat)
    assert data.dense.ntotal == len(data.passages) == data.vectors.shape[0]
    report = verify(hnsw_index)
    assert report.ok, report.problems


def test_hnsw_agrees_with_exact_on_the_gold_questions(
    real_index: Path, hnsw_index: Path, real_embedder: SentenceTransformerEmbedder
) -> None:
    exact, approx = store.load(real_index), store.load(hnsw_index)
    questions = gold_questions()
    qvecs = real_embedder.encode(questions)
    recalls, same_top = [], 0
    for q in qvecs:
        want = dense_search.dense_scored(exact, q, 10, None)[0]
        got = dense_search.dense_scored(approx, q, 10, None)[0]
        recalls.append(len(set(want) & set(got)) / len(want))
        same_top += want[0] == got[0]
    assert np.mean(recalls) >= 0.95
    assert same_top >= 0.9 * len(questions)
    # And through the whole pipeline: the same best passage for most questions.
    lib_exact = Library.open(real_index, embedder=real_embedder)
    lib_approx = Library.open(hnsw_index, embedder=real_embedder)
    agree = sum(lib_exact.search(q, k=1)[0].id == lib_approx.search(q, k=1)[0].id for q in questions[:30])
    assert agree >= 27


@pytest.mark.parametrize(
    ("graph_share", "gather_rows"),
    [(1.0, 10**9), (1.0, 0), (0.0, 0)],
    ids=["exact-gathered", "exact-through-the-stored-vectors", "graph-with-selector"],
)
def test_filtered_hnsw_search_returns_only_allowed_rows(
    hnsw_index: Path,
    real_index: Path,
    real_embedder: SentenceTransformerEmbedder,
    monkeypatch: pytest.MonkeyPatch,
    graph_share: float,
    gather_rows: int,
) -> None:
    with_index_settings(monkeypatch, dense_search, filter_graph_share=graph_share, gather_rows=gather_rows)
    approx, exact = store.load(hnsw_index), store.load(real_index)
    docs = {d.document: d for d in approx.manifest.documents}
    report = np.array([docs[p.document].kind.value == "inspection report" for p in approx.passages])
    assert 0 < report.sum() < len(report)
    q = real_embedder.encode_query("contingency planning for risk of harm")
    got = dense_search.dense_scored(approx, q, 20, report)[0]
    assert got and all(report[r] for r in got)
    want = dense_search.dense_scored(exact, q, 20, report)[0]
    assert len(set(got[:10]) & set(want[:10])) >= 9
    if graph_share:  # scored exactly: the same rows in the same order
        assert got == want
    none = np.zeros(len(report), dtype=bool)
    assert dense_search.dense_scored(approx, q, 20, none)[0] == []


def test_exact_rows_ranks_like_a_full_scan() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((500, 16)).astype(np.float32)
    q = rng.standard_normal(16).astype(np.float32)
    rows = np.flatnonzero(rng.random(500) < 0.3)
    scores = vectors[rows] @ q
    want = [int(r) for r in rows[np.argsort(-scores, kind="stable")]]
    assert dense_search.exact(vectors, rows, q, 10)[0] == want[:10]
    assert dense_search.exact(vectors, rows, q, 10_000)[0] == want


def test_a_version_without_the_kind_record_is_damaged(fast_lib_copy: Library) -> None:
    # Format 2 lists dense.json among the version's files: a version without it is damaged, not old.
    (version_dir(fast_lib_copy.index_dir) / DENSE_FILE).unlink()
    with pytest.raises(IndexMismatchError, match="damaged"):
        store.load(fast_lib_copy.index_dir)
    assert not verify(fast_lib_copy.index_dir).ok


def test_a_kind_record_that_does_not_match_the_file_is_an_error(fast_lib_copy: Library) -> None:
    spec = DenseSpec("hnsw", 32, 40, 128).to_json()
    (version_dir(fast_lib_copy.index_dir) / DENSE_FILE).write_text(json.dumps(spec), "utf-8")
    with pytest.raises(IndexMismatchError, match="IndexFlatIP"):
        store.load(fast_lib_copy.index_dir)
    assert not verify(fast_lib_copy.index_dir).ok


def test_verify_finds_hnsw_vectors_that_differ(hnsw_index: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(hnsw_index, index)
    path = version_dir(index) / "vectors.npy"
    vectors = np.load(path, allow_pickle=False)
    np.save(path, np.roll(vectors, 1, axis=0), allow_pickle=False)
    report = verify(index)
    assert not report.ok
    assert any("different vectors" in p for p in report.problems)


def test_adds_extend_the_graph_and_removals_rebuild_it(
    tmp_path: Path, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_index_settings(monkeypatch, dense_build, ann_threshold=1)
    kent = corpus_copy / "kent-kentonline-news.txt"
    aside = tmp_path / kent.name
    shutil.move(kent, aside)
    lib = Library.build(corpus_copy, tmp_path / "index", embedder=HashEmbedder())
    before = store.load(lib.index_dir)
    assert before.dense_spec.kind == "hnsw"
    built: list[int] = []
    real_build = store.build_dense
    monkeypatch.setattr(store, "build_dense", lambda v, s: built.append(len(v)) or real_build(v, s))
    lib.add([aside])
    after = store.load(lib.index_dir)
    assert built == []  # the graph was copied and the new rows inserted
    assert isinstance(after.dense, faiss.IndexHNSWFlat)
    assert after.dense.ntotal == len(after.passages) > before.dense.ntotal
    assert verify(lib.index_dir).ok
    q = np.asarray(after.vectors[-1])
    (top,) = dense_search.dense_scored(after, q, 1, None)[0]  # an inserted row is reachable in the graph
    assert float(after.vectors[top] @ q) == pytest.approx(1.0, abs=1e-5)
    lib.remove([kent.name])
    assert built == [before.dense.ntotal]  # a removal renumbers the rows: built afresh
    assert verify(lib.index_dir).ok


def test_fused_hits_carry_the_true_cosine_on_every_dense_path(
    real_index: Path, hnsw_index: Path, real_embedder: SentenceTransformerEmbedder
) -> None:
    # Dense search's own scores are reused for fusion, so they must be the inner products themselves,
    # whichever path produced them (here: flat, flat with a selector, graph, graph with a selector,
    # gathered rows).
    question = "what did inspectors say about contingency planning?"
    q = real_embedder.encode_query(question)
    for path in (real_index, hnsw_index):
        data = store.load(path)
        n = data.dense.ntotal
        for allowed in (None, np.arange(n) < 20, np.arange(n) < n // 2):
            hits = retrieve.search(data, question, q, allowed=allowed)
            assert hits
            for h in hits:
                assert h.dense_score == pytest.approx(float(data.vector(h.row) @ q), abs=1e-4)


def test_a_question_searches_faiss_on_one_thread_and_leaves_other_threads_alone() -> None:
    import threading

    from yjs_qa.index.dense_search import one_faiss_thread

    before = faiss.omp_get_max_threads()
    seen: dict[str, int] = {}

    def other() -> None:
        seen["other"] = faiss.omp_get_max_threads()

    with one_faiss_thread():
        assert faiss.omp_get_max_threads() == 1
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
    assert faiss.omp_get_max_threads() == before
    assert seen["other"] == before  # OpenMP keeps the setting per thread: a build elsewhere keeps its team
