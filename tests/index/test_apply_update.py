"""The index on disk: layout, no pickle, incremental updates, errors, versions and pruning."""

from __future__ import annotations

import json
import shutil
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from support import COUNCIL, ESSEX, KENT, PRESS, REPORT, incoming_report, version_dir

from yjs_qa import (
    IndexMismatchError,
    IndexNotFoundError,
    Library,
    UnknownFilterError,
    YjsQaError,
)
from yjs_qa.index import store
from yjs_qa.index.manifest import FORMAT_VERSION
from yjs_qa.index.verify import verify
from yjs_qa.testing import HashEmbedder

SYNTHETIC_REPORT = """\
An inspection of youth justice services in Barnet

HM Inspectorate of Probation, March 2025

Domain two: Court disposals

We looked closely at twelve community sentences managed by the service in Barnet.

2.2. Planning

Planning was xylophonic and thorough in nearly every case, with case managers
involving children and their carers at each stage.

Contingency planning for keeping other people safe was detailed and tailored to
each child's own circumstances.
"""


@pytest.fixture
def built(fast_lib_copy: Library) -> tuple[Library, Path]:
    return fast_lib_copy, fast_lib_copy.index_dir  # the corpus built with HashEmbedder, at tmp_path/index


@pytest.fixture
def new_report(tmp_path: Path) -> Path:
    return incoming_report(tmp_path, SYNTHETIC_REPORT)


def version_names(index: Path) -> list[str]:
    return sorted(p.name for p in (index / "versions").iterdir())


def vectors_by_id(index: Path) -> dict[str, bytes]:
    vdir = version_dir(index)
    with (vdir / "passages.jsonl").open(encoding="utf-8") as f:
        ids = [json.loads(line)["id"] for line in f if line.strip()]
    vectors = np.load(vdir / "vectors.npy", allow_pickle=False)
    assert vectors.shape[0] == len(ids)
    return {pid: vectors[i].tobytes() for i, pid in enumerate(ids)}


def assert_layers_agree(index: Path) -> int:
    data = store.load(index)
    n = len(data.passages)
    assert data.vectors.shape[0] == n
    assert data.dense.ntotal == n
    assert int(data.keyword.scores["num_docs"]) == n
    assert data.manifest.passages == n
    assert sum(d.passages for d in data.manifest.documents) == n
    assert {p.document for p in data.passages} == {d.document for d in data.manifest.documents}
    return n


# --- layout ---------------------------------------------------------------------------------


def test_build_writes_the_documented_layout(built: tuple[Library, Path]) -> None:
    lib, index = built
    current = (index / "CURRENT").read_text(encoding="utf-8").strip()
    assert current == lib.status().version
    assert version_names(index) == [current]
    vdir = index / "versions" / current
    for name in ("manifest.json", "passages.jsonl", "vectors.npy", "dense.faiss"):
        assert (vdir / name).is_file(), name
    assert (vdir / "bm25").is_dir()
    assert any((vdir / "bm25").iterdir())
    assert not [p for p in (index / "versions").iterdir() if p.name.startswith(".tmp-")]


def test_manifest_lists_every_file_of_the_version(built: tuple[Library, Path]) -> None:
    _, index = built
    vdir = version_dir(index)
    manifest = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(vdir).as_posix() for p in vdir.rglob("*") if p.is_file())
    assert manifest["files"] == on_disk
    for name in ("manifest.json", "passages.offsets.npy", "columns.json", "dense.json", "ratings.json"):
        assert name in manifest["files"], name
    assert any(name.startswith("bm25/") for name in manifest["files"])


def test_verify_finds_a_listed_file_that_is_missing(built: tuple[Library, Path]) -> None:
    _, index = built
    vdir = version_dir(index)
    manifest = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
    (vdir / "stray.txt").write_text("not part of the version", encoding="utf-8")
    manifest["files"] = sorted([*manifest["files"], "stray.txt"])
    (vdir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert verify(index).ok
    (vdir / "stray.txt").unlink()
    report = verify(index)
    assert not report.ok
    assert "stray.txt is listed in the manifest but missing" in report.problems


def test_a_manifest_that_does_not_list_a_needed_file_is_a_mismatch(built: tuple[Library, Path]) -> None:
    _, index = built
    path = version_dir(index) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"].remove("ratings.json")
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match=r"does not list ratings\.json"):
        Library.open(index, embedder=HashEmbedder())


def test_an_index_of_format_1_says_to_rebuild_it(built: tuple[Library, Path], corpus_dir: Path) -> None:
    lib, index = built
    want = lib.search("contingency planning", k=5)
    path = version_dir(index) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format_version"] = 1  # as written before the manifest listed its files
    del manifest["files"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatchError) as info:
        Library.open(index, embedder=HashEmbedder())
    message = str(info.value)
    assert "written by an older yjs-qa (format version 1" in message
    assert f"yjs-qa index build --rebuild --index {index}" in message
    assert not verify(index).ok
    with pytest.raises(IndexMismatchError):  # a plain build must not quietly reuse it
        Library.build(corpus_dir, index, embedder=HashEmbedder())
    rebuilt = Library.build(corpus_dir, index, rebuild=True, embedder=HashEmbedder())
    assert rebuilt.search("contingency planning", k=5) == want
    assert rebuilt.verify().ok


def test_manifest_contents(built: tuple[Library, Path], corpus_dir: Path) -> None:
    lib, index = built
    manifest = json.loads((version_dir(index) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == FORMAT_VERSION == 2
    assert manifest["version"] == version_dir(index).name
    assert manifest["model"]["name"] == "hash-test-embedder"
    assert manifest["model"]["dimension"] == 64
    assert manifest["counts"]["documents"] == 5
    assert manifest["counts"]["passages"] == len(lib.passages)
    docs = {d["document"]: d for d in manifest["documents"]}
    assert set(docs) == {REPORT, PRESS, COUNCIL, ESSEX, KENT}
    for name, doc in docs.items():
        assert len(doc["content_hash"]) == 64
        int(doc["content_hash"], 16)
        assert doc["passages"] == sum(1 for p in lib.passages if p.document == name)
    assert len({d["content_hash"] for d in docs.values()}) == 5
    assert "SOURCES.md" not in docs


def test_passages_jsonl_matches_the_library(built: tuple[Library, Path]) -> None:
    lib, index = built
    lines = (version_dir(index) / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [p.id for p in lib.passages]


def test_vectors_are_float32_normalised_and_load_without_pickle(built: tuple[Library, Path]) -> None:
    lib, index = built
    vectors = np.load(version_dir(index) / "vectors.npy", allow_pickle=False)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(lib.passages), 64)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_file_in_the_index_is_a_pickle(built: tuple[Library, Path]) -> None:
    _, index = built
    files = [p for p in index.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in (".pkl", ".pickle", ".joblib")]
    npys = [p for p in files if p.suffix == ".npy"]
    assert len(npys) >= 4  # vectors plus the bm25 arrays
    for path in npys:
        array = np.load(path, allow_pickle=False)
        assert array.dtype != object, path
    for path in files:
        head = path.read_bytes()[:2]
        # Pickle protocols 2-5 start with the PROTO opcode 0x80 and the protocol number.
        assert not (len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5), path
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


# --- incremental updates --------------------------------------------------------------------


def test_rebuilding_an_unchanged_corpus_embeds_nothing(
    built: tuple[Library, Path], corpus_dir: Path, hash_embedder: HashEmbedder
) -> None:
    lib, index = built
    before = version_names(index)
    again, report = Library.build_with_report(corpus_dir, index, embedder=hash_embedder)
    assert report.embedded == 0
    assert len(report.files) == 5
    assert {f.status for f in report.files} == {"unchanged"}
    assert report.index_version == lib.status().version == again.status().version
    assert version_names(index) == before
    assert report.passages_total == len(lib.passages)


def test_rebuild_flag_embeds_everything(
    built: tuple[Library, Path], corpus_dir: Path, hash_embedder: HashEmbedder
) -> None:
    lib, index = built
    _, report = Library.build_with_report(corpus_dir, index, embedder=hash_embedder, rebuild=True)
    assert report.embedded == len(lib.passages)
    assert {f.status for f in report.files} == {"added"}
    assert report.index_version != lib.status().version


def test_add_embeds_only_the_new_report(built: tuple[Library, Path], new_report: Path) -> None:
    lib, index = built
    old_ids = [p.id for p in lib.passages]
    old_vectors = vectors_by_id(index)
    old_version = lib.status().version

    report = lib.add([new_report])

    assert [f.status for f in report.files] == ["added"]
    added = report.files[0]
    assert added.document == new_report.name
    new_passages = [p for p in lib.passages if p.document == new_report.name]
    assert len(new_passages) == added.passages == 3
    assert report.embedded == len(new_passages)
    assert report.passages_total == len(old_ids) + 3
    assert report.index_version != old_version
    assert lib.status().version == report.index_version

    after = vectors_by_id(index)
    assert set(old_ids) <= set(after)
    for pid in old_ids:
        assert after[pid] == old_vectors[pid], "an old passage's vector changed"

    doc = next(d for d in lib.documents if d.document == new_report.name)
    assert doc.service == "Barnet"
    assert doc.kind.value == "inspection report"
    assert assert_layers_agree(index) == len(old_ids) + 3


def test_added_passages_are_searchable(built: tuple[Library, Path], new_report: Path) -> None:
    lib, index = built
    lib.add([new_report])
    for mode in ("keyword", "hybrid"):
        hits = lib.search("xylophonic planning", k=3, mode=mode)
        assert hits[0].document == new_report.name, mode
        assert "xylophonic" in hits[0].text
    hits = lib.search("planning", k=10, service="barnet", standard="2.2")
    assert {h.document for h in hits} == {new_report.name}
    assert len(hits) == 2
    # A freshly opened library sees the same thing.
    reopened = Library.open(index, embedder=HashEmbedder())
    assert reopened.search("xylophonic", k=1, mode="keyword")[0].document == new_report.name


def test_adding_the_same_file_again_is_unchanged(built: tuple[Library, Path], new_report: Path) -> None:
    lib, index = built
    lib.add([new_report])
    version = lib.status().version
    report = lib.add([new_report])
    assert [f.status for f in report.files] == ["unchanged"]
    assert report.files[0].passages == 3
    assert report.embedded == 0
    assert report.index_version == version == (index / "CURRENT").read_text().strip()


def test_same_file_twice_in_one_add_is_added_once(built: tuple[Library, Path], new_report: Path) -> None:
    lib, _ = built
    report = lib.add([new_report, new_report])
    assert [f.status for f in report.files] == ["added", "skipped"]
    assert report.embedded == 3


def test_renamed_copy_is_skipped(built: tuple[Library, Path], new_report: Path, tmp_path: Path) -> None:
    lib, _ = built
    lib.add([new_report])
    copy = tmp_path / "renamed-copy.txt"
    # Re-saved with other line endings and trailing spaces: still the same text.
    copy.write_text(SYNTHETIC_REPORT.replace("\n", "  \r\n"), encoding="utf-8")
    total = len(lib.passages)
    report = lib.add([copy])
    assert [f.status for f in report.files] == ["skipped"]
    assert new_report.name in (report.files[0].reason or "")
    assert report.embedded == 0
    assert len(lib.passages) == total
    assert copy.name not in {d.document for d in lib.documents}


def test_renamed_seed_document_is_skipped(
    built: tuple[Library, Path], corpus_dir: Path, tmp_path: Path
) -> None:
    lib, _ = built
    copy = tmp_path / "kent-again.txt"
    shutil.copy(corpus_dir / KENT, copy)
    report = lib.add([copy])
    assert report.files[0].status == "skipped"
    assert KENT in (report.files[0].reason or "")


def test_changed_file_is_updated_and_old_passages_are_gone(
    built: tuple[Library, Path], new_report: Path
) -> None:
    lib, index = built
    lib.add([new_report])
    old_ids = {p.id for p in lib.passages if p.document == new_report.name}
    seed_vectors = {k: v for k, v in vectors_by_id(index).items() if k not in old_ids}

    new_report.write_text(
        SYNTHETIC_REPORT.replace("xylophonic", "meticulous").replace(
            "twelve community sentences", "fifteen community sentences"
        ),
        encoding="utf-8",
    )
    report = lib.add([new_report])

    assert [f.status for f in report.files] == ["updated"]
    now = [p for p in lib.passages if p.document == new_report.name]
    assert len(now) == 3
    # Only passages whose text changed are embedded again; the untouched one keeps its vector.
    old_texts = {" ".join(t.split()) for t in SYNTHETIC_REPORT.split("\n\n")}
    changed = [p for p in now if not any(p.text in t for t in old_texts)]
    assert report.embedded == len(changed) == 2
    assert old_ids.isdisjoint(p.id for p in now)
    assert not any("xylophonic" in p.text for p in lib.passages)
    assert any("meticulous" in p.text for p in now)
    assert [d.document for d in lib.documents].count(new_report.name) == 1
    after = vectors_by_id(index)
    assert not old_ids & set(after)
    assert all(after[k] == v for k, v in seed_vectors.items())
    assert lib.search("xylophonic", k=5, mode="keyword") == []
    assert assert_layers_agree(index) == len(lib.passages)


def test_add_with_bad_files_adds_the_good_one_and_reports_each_failure(
    built: tuple[Library, Path], new_report: Path, tmp_path: Path
) -> None:
    lib, index = built
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03binary\x00stream" * 20)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Rapport d'inspection: très bien, café.\n".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    total = len(lib.passages)

    report = lib.add([empty, new_report, binary, latin, missing])

    statuses = {f.document: f.status for f in report.files}
    assert statuses == {
        "empty.txt": "failed",
        new_report.name: "added",
        "scan.txt": "failed",
        "latin.txt": "failed",
        "missing.txt": "failed",
    }
    reasons = {f.document: f.reason or "" for f in report.failed}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["scan.txt"]
    assert "not UTF-8" in reasons["latin.txt"]
    assert "not found" in reasons["missing.txt"]
    assert all(f.path for f in report.failed)
    assert report.embedded == 3
    assert len(lib.passages) == total + 3
    assert {d.document for d in lib.documents} >= {new_report.name}
    assert not {"empty.txt", "scan.txt", "latin.txt"} & {d.document for d in lib.documents}
    assert assert_layers_agree(index) == total + 3


def test_add_with_only_bad_files_keeps_the_version(built: tuple[Library, Path], tmp_path: Path) -> None:
    lib, index = built
    version = lib.status().version
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    report = lib.add([empty])
    assert [f.status for f in report.failed] == ["failed"]
    assert report.embedded == 0
    assert report.index_version == version == (index / "CURRENT").read_text().strip()


def test_add_a_folder(built: tuple[Library, Path], new_report: Path) -> None:
    lib, _ = built
    (new_report.parent / "README.md").write_text("# About this folder\n\nNot a report.\n")
    report = lib.add([new_report.parent])
    assert [(f.document, f.status) for f in report.files] == [(new_report.name, "added")]


def test_layers_agree_after_several_adds(
    built: tuple[Library, Path], new_report: Path, tmp_path: Path
) -> None:
    lib, index = built
    lib.add([new_report])
    second = tmp_path / "second.md"
    second.write_text(
        "# Youth justice in Barnet: council update\n\n## Domain three: Out-of-court disposals\n\n"
        "Out-of-court disposal work in Barnet has improved since the inspection, says the council.\n",
        encoding="utf-8",
    )
    lib.add([second])
    n = assert_layers_agree(index)
    assert n == len(lib.passages) == lib.status().passages
    assert len(lib.documents) == 7


# --- opening errors -------------------------------------------------------------------------


def test_opening_a_missing_index_says_how_to_build(tmp_path: Path) -> None:
    index = tmp_path / "no-index-here"
    with pytest.raises(IndexNotFoundError) as info:
        Library.open(index, embedder=HashEmbedder())
    message = str(info.value)
    assert str(index) in message
    assert "yjs-qa index build" in message
    assert "--corpus" in message


@pytest.mark.parametrize(
    "embedder",
    [HashEmbedder(dimension=32), HashEmbedder(name="another-model"), HashEmbedder(dimension=128, name="x")],
)
def test_opening_with_another_model_is_a_mismatch(
    built: tuple[Library, Path], embedder: HashEmbedder
) -> None:
    _, index = built
    with pytest.raises(IndexMismatchError) as info:
        Library.open(index, embedder=embedder)
    message = str(info.value)
    assert "hash-test-embedder" in message
    assert embedder.name in message
    assert "--rebuild" in message


def test_building_into_an_index_of_another_model_is_a_mismatch(
    built: tuple[Library, Path], corpus_copy: Path, new_report: Path
) -> None:
    _, index = built
    shutil.copy(new_report, corpus_copy / new_report.name)
    with pytest.raises(IndexMismatchError):
        Library.build(corpus_copy, index, embedder=HashEmbedder(dimension=32))


def test_other_format_version_is_a_mismatch(built: tuple[Library, Path]) -> None:
    _, index = built
    manifest_path = version_dir(index) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["format_version"] = FORMAT_VERSION + 1
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatchError) as info:
        Library.open(index, embedder=HashEmbedder())
    assert f"format version {FORMAT_VERSION + 1}" in str(info.value)


def test_damaged_manifest_is_a_mismatch(built: tuple[Library, Path]) -> None:
    _, index = built
    (version_dir(index) / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexMismatchError):
        Library.open(index, embedder=HashEmbedder())


def test_missing_corpus_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(YjsQaError, match="does not exist"):
        Library.build(tmp_path / "nope", tmp_path / "index", embedder=HashEmbedder())


# --- versions -------------------------------------------------------------------------------


def test_old_versions_are_garbage_collected(
    built: tuple[Library, Path], new_report: Path, tmp_path: Path
) -> None:
    lib, index = built
    versions_seen = {lib.status().version}
    for i in range(4):
        extra = tmp_path / f"extra-{i}.txt"
        extra.write_text(
            SYNTHETIC_REPORT.replace("twelve", f"{i + 20} separate").replace("Barnet", f"Barnet area {i}"),
            encoding="utf-8",
        )
        report = lib.add([extra])
        assert report.added
        versions_seen.add(report.index_version)
        names = version_names(index)
        assert len(names) <= 2
        assert lib.status().version in names
    assert len(versions_seen) == 5
    assert not [p for p in (index / "versions").iterdir() if p.name.startswith(".")]


@pytest.fixture
def same_second_versions(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every version written in the same second, with random-looking suffixes that sort downwards."""

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz: object = None) -> FrozenDatetime:  # type: ignore[override]
            return cls(2025, 1, 1, 12, 0, 0, tzinfo=UTC)

    counter = iter(range(0xFFFFFFF, 0, -0x100000))

    def uuid4() -> types.SimpleNamespace:
        return types.SimpleNamespace(hex=f"{next(counter):08x}" + "0" * 24)

    monkeypatch.setattr(store, "datetime", FrozenDatetime)
    monkeypatch.setattr(store, "uuid", types.SimpleNamespace(uuid4=uuid4))
    yield


def test_garbage_collection_keeps_the_previous_live_version(
    same_second_versions: None,
    corpus_copy: Path,
    tmp_path: Path,
    hash_embedder: HashEmbedder,
) -> None:
    """KEEP_OLD_VERSIONS keeps the version readers may still have open: the one live just before.

    Versions written within one second differ only by their random suffix, so "newest" must not
    be decided by sorting the folder names.
    """
    moved = []
    for name in (KENT, ESSEX):
        target = tmp_path / name
        shutil.move(corpus_copy / name, target)
        moved.append(target)
    index = tmp_path / "index"
    lib = Library.build(corpus_copy, index, embedder=hash_embedder)
    live = [lib.status().version]
    for path in moved:
        live.append(lib.add([path]).index_version)
    assert len(set(live)) == 3
    assert (index / "CURRENT").read_text().strip() == live[-1]
    assert version_names(index) == sorted(live[-2:])


# --- pruning --------------------------------------------------------------------------------


def test_build_without_prune_keeps_deleted_documents(
    corpus_copy: Path, tmp_path: Path, hash_embedder: HashEmbedder
) -> None:
    index = tmp_path / "index"
    Library.build(corpus_copy, index, embedder=hash_embedder)
    (corpus_copy / ESSEX).unlink()
    lib, report = Library.build_with_report(corpus_copy, index, embedder=hash_embedder)
    assert ESSEX in {d.document for d in lib.documents}
    assert report.removed == []
    assert {f.status for f in report.files} == {"unchanged"}


def test_build_prune_drops_deleted_documents(
    corpus_copy: Path, tmp_path: Path, hash_embedder: HashEmbedder
) -> None:
    index = tmp_path / "index"
    first = Library.build(corpus_copy, index, embedder=hash_embedder)
    essex_ids = {p.id for p in first.passages if p.document == ESSEX}
    assert essex_ids
    kept_vectors = {k: v for k, v in vectors_by_id(index).items() if k not in essex_ids}
    (corpus_copy / ESSEX).unlink()

    lib, report = Library.build_with_report(corpus_copy, index, embedder=hash_embedder, prune=True)

    assert [f.document for f in report.removed] == [ESSEX]
    assert report.embedded == 0
    assert ESSEX not in {d.document for d in lib.documents}
    assert not essex_ids & {p.id for p in lib.passages}
    assert len(lib.passages) == len(first.passages) - len(essex_ids)
    assert vectors_by_id(index) == kept_vectors
    assert lib.search("Essex youth offending team", k=50, mode="keyword")
    assert all(h.document != ESSEX for h in lib.search("Essex youth offending team", k=50))
    with pytest.raises(UnknownFilterError, match="unknown service 'essex'"):
        lib.search("outstanding", service="essex")
    assert assert_layers_agree(index) == len(lib.passages)


def test_build_of_an_empty_corpus_is_an_error(tmp_path: Path, hash_embedder: HashEmbedder) -> None:
    corpus = tmp_path / "empty-corpus"
    corpus.mkdir()
    (corpus / "SOURCES.md").write_text("# Sources\n\nNothing yet.\n")
    with pytest.raises(YjsQaError, match="nothing could be indexed"):
        Library.build(corpus, tmp_path / "index", embedder=hash_embedder)
    assert not (tmp_path / "index" / "CURRENT").exists()
