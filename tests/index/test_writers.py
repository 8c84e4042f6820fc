"""Index lifecycle: random operation sequences, SIGKILL mid-write, readers beside a writer, locking."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from filelock import FileLock
from support import CORPUS
from typer.testing import CliRunner

from yjs_qa import Library, WriterBusyError, YjsQaError
from yjs_qa.cli.app import app
from yjs_qa.index.verify import verify
from yjs_qa.testing import HashEmbedder

CHILD = Path(__file__).resolve().parents[1] / "writer_child.py"


def _report(service: str, marker: str) -> str:
    return (
        f"An inspection of youth justice services in {service}\n\n"
        "Domain three: Out-of-court disposals\n\n3.2. Planning\n\n"
        f"Planning for out-of-court disposals in {service} was thorough, and the token {marker} "
        "marks this edition so that keyword search can find it.\n\n"
        f"Case managers in {service} worked with schools and the police on every plan.\n"
    )


def _layers(lib: Library) -> tuple[int, int, int, int]:
    data = lib._view.data
    return len(data.passages), data.vectors.shape[0], data.dense.ntotal, int(data.keyword.scores["num_docs"])


def test_random_operations_keep_every_layer_in_agreement(tmp_path: Path) -> None:
    rng = random.Random(20261124)
    emb = HashEmbedder()
    index, work = tmp_path / "index", tmp_path / "work"
    work.mkdir()
    lib = Library.build(CORPUS, index, embedder=emb)
    expected = {d.document for d in lib.documents}
    editions: dict[str, str] = {}
    for step in range(40):
        name = f"service{rng.randrange(8)}.txt"
        op = rng.choice(["add", "add", "update", "remove", "readd"])
        path = work / name
        if op in ("add", "update", "readd") or name not in expected:
            marker = f"zq{step}x"
            path.write_text(_report(f"Testshire {name[7]}", marker), encoding="utf-8")
            report = lib.add([path])
            status = report.files[0].status
            assert status == ("updated" if name in expected else "added")
            assert report.embedded <= report.files[0].passages
            expected.add(name)
            editions[name] = marker
        else:
            report = lib.remove([name])
            assert [f.status for f in report.files] == ["removed"]
            expected.discard(name)
            editions.pop(name, None)
        assert {d.document for d in lib.documents} == expected
        n = len(lib.passages)
        assert _layers(lib) == (n, n, n, n)
        assert verify(index).ok, verify(index).problems
        for doc, marker in editions.items():  # the keyword index follows adds, updates and removes
            hits = lib.search(marker, k=5, mode="keyword")
            assert hits and all(h.citation.document == doc for h in hits)
        # unchanged documents are never embedded again
        assert lib.add([work / d for d in editions]).embedded == 0


@pytest.mark.e2e  # 24 writer processes killed mid-write: about 40 s, so not in the fast subset
def test_sigkill_during_writes_never_breaks_the_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder())
    rng = random.Random(7)
    versions_seen: set[str] = set()
    for attempt in range(24):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(index), str(tmp_path / "work"), "1000", str(attempt)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        time.sleep(rng.uniform(0.8, 2.5))  # imports take ~0.7 s; then it writes continuously
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        versions_seen.update(re.findall(r"^version (\S+)", out, re.MULTILINE))
        lib = Library.open(index, embedder=HashEmbedder())
        report = verify(index)
        assert report.ok, f"attempt {attempt}: {report.problems}"
        assert lib.ask("planning for victims", k=3).passages
    assert len(versions_seen) > 24, "the writer should have completed many versions between kills"
    # Unfinished versions from killed writers are cleaned up by the next writer.
    Library.open(index, embedder=HashEmbedder()).add([CORPUS / "essex-2018-cypnow-news.txt"])
    leftovers = [p.name for p in (index / "versions").iterdir()]
    assert len(leftovers) <= 2 and not any(n.startswith(".tmp") for n in leftovers)


def test_readers_never_fail_or_mix_versions_while_a_writer_works(tmp_path: Path) -> None:
    index = tmp_path / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder())
    errors: list[BaseException] = []
    answers: list[tuple[str, set[str]]] = []
    started = threading.Barrier(4)  # three readers and this test
    writer_done = threading.Event()

    def reader() -> None:
        lib = Library.open(index, embedder=HashEmbedder())
        after_writer = 0
        first = True
        while after_writer < 2:  # keep asking until two answers come after the writer finished
            done_before = writer_done.is_set()
            try:
                ans = lib.ask("planning and contingency for the safety of other people", k=10)
                answers.append((ans.index_version, {p.citation.document for p in ans.passages}))
            except BaseException as exc:
                errors.append(exc)
            if first:
                started.wait(timeout=60)
                first = False
            after_writer += done_before

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    started.wait(timeout=60)  # every reader has answered from the first version
    writer = subprocess.run(
        [sys.executable, str(CHILD), str(index), str(tmp_path / "work"), "30", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    writer_done.set()
    for t in threads:
        t.join(timeout=120)
    assert writer.returncode == 0, writer.stderr
    assert errors == []
    docs_of = {m[0]: set(m[1:]) for m in (line.split()[1:] for line in writer.stdout.splitlines())}
    seen_versions = {v for v, _ in answers}
    assert len(seen_versions) > 1, "readers should have followed the writer's new versions"
    assert seen_versions & set(docs_of), "readers should have answered from the writer's versions"
    for version, docs in answers:
        if version in docs_of:  # a version the writer made: every cited document was in it
            assert docs <= docs_of[version], (version, docs - docs_of[version])


def test_second_writer_fails_fast_or_waits(tmp_path: Path) -> None:
    index = tmp_path / "index"
    lib = Library.build(CORPUS, index, embedder=HashEmbedder())
    new = tmp_path / "waiter.txt"
    new.write_text(_report("Waitshire", "wq1"), encoding="utf-8")
    lock = FileLock(str(index / "LOCK"))
    with lock:
        with pytest.raises(WriterBusyError, match="another process is writing the index"):
            lib.add([new], wait=0)
        result = CliRunner().invoke(app, ["add", str(new), "--index", str(index), "--no-wait"])
        assert result.exit_code == 1 and "another process is writing" in result.output
        done = threading.Event()
        waiter = threading.Thread(target=lambda: (lib.add([new], wait=30), done.set()))
        waiter.start()
        time.sleep(0.5)
        assert not done.is_set(), "a waiting writer must not write while the lock is held"
        assert lib.search("wq1", mode="keyword") == []  # readers never block on the lock
    waiter.join(timeout=30)
    assert done.is_set()
    assert lib.search("wq1", mode="keyword")


def test_verify_finds_a_damaged_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    lib = Library.build(CORPUS, index, embedder=HashEmbedder())
    assert lib.verify().ok
    vectors = index / "versions" / lib.version / "vectors.npy"
    arr = np.load(vectors)
    arr[0] = 0.0
    np.save(vectors, arr)
    report = verify(index)
    assert not report.ok
    assert any("not unit length" in p or "different vectors" in p for p in report.problems)
    result = CliRunner().invoke(app, ["index", "verify", "--index", str(index)])
    assert result.exit_code == 1 and "problem:" in result.output


def test_remove_unknown_document_lists_what_is_indexed(tmp_path: Path) -> None:
    lib = Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    with pytest.raises(
        YjsQaError, match=re.escape("not in the index: nope.txt. Indexed documents: east-sussex")
    ):
        lib.remove(["nope.txt"])


def test_prune_after_a_rename_embeds_nothing(tmp_path: Path, corpus_copy: Path) -> None:
    index = tmp_path / "index"
    Library.build(corpus_copy, index, embedder=HashEmbedder())
    old = corpus_copy / "kent-kentonline-news.txt"
    os.rename(old, corpus_copy / "kent-2022-news.txt")
    lib, report = Library.build_with_report(corpus_copy, index, embedder=HashEmbedder(), prune=True)
    by_status = {f.document: f.status for f in report.files}
    assert by_status["kent-2022-news.txt"] == "added"
    assert by_status["kent-kentonline-news.txt"] == "removed"
    assert report.embedded == 0
    assert "kent-2022-news.txt" in {d.document for d in lib.documents}


def test_an_add_reads_ratings_only_from_the_new_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yjs_qa.index.write_version as update_mod

    lib = Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    before = {(r.document, r.standard, r.rating) for r in lib.ratings()}
    seen: list[str] = []
    real = update_mod.extract_ratings

    def spy(documents, passages, corrections=None):  # type: ignore[no-untyped-def]
        documents = list(documents)
        seen.extend(d.document for d in documents)
        return real(documents, passages, corrections)

    monkeypatch.setattr(update_mod, "extract_ratings", spy)
    new = tmp_path / "rated.txt"
    new.write_text(
        "Testshire Youth Justice Service rated 'Outstanding'\n\n"
        "Testshire Youth Justice Service has received an overall rating of 'Outstanding' following an "
        "inspection by His Majesty's Inspectorate of Probation.\n",
        encoding="utf-8",
    )
    lib.add([new])
    assert seen == ["rated.txt"]  # the five seed documents were not read again
    after = {(r.document, r.standard, r.rating) for r in lib.ratings()}
    assert before < after
    assert ("rated.txt", "Overall", "Outstanding") in after


def test_a_finished_version_that_was_never_published_is_removed(tmp_path: Path) -> None:
    # A writer killed between renaming its version folder and switching CURRENT leaves a whole
    # version nobody reads. The next writer removes it, even when it has nothing to write.
    import shutil

    index = tmp_path / "index"
    lib = Library.build(CORPUS, index, embedder=HashEmbedder())
    live = (index / "CURRENT").read_text().strip()
    orphan = index / "versions" / ("9" + live[1:])  # named later than the live one
    shutil.copytree(index / "versions" / live, orphan)
    half = index / "versions" / f".tmp-{live}"
    half.mkdir()
    # Two older versions: one is "the one before", the other a garbage collection a kill prevented.
    stale = [index / "versions" / ("0" + live[1:-1] + c) for c in "ab"]
    for folder in stale:
        shutil.copytree(index / "versions" / live, folder)
    report = lib.add(sorted(CORPUS.glob("*.txt"))[:1])  # already indexed: nothing to write
    assert report.embedded == 0
    assert not orphan.exists() and not half.exists()
    assert not stale[0].exists() and stale[1].exists()
    assert sorted(p.name for p in (index / "versions").iterdir()) == sorted([live, stale[1].name])
    assert (index / "CURRENT").read_text().strip() == live
    assert verify(index).ok
