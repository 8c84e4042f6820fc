"""Passages read a row at a time: the lazy table, the per-row columns, missing files, verify, no pickle."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from builders import scan_columns
from support import CORPUS, version_dir

from yjs_qa import IndexMismatchError, Library
from yjs_qa.index.row_codes import COLUMN_VALUES_FILE, COLUMNS_FILE, RowCodes
from yjs_qa.index.rows import (
    OFFSETS_FILE,
    PASSAGES_FILE,
    PassageTable,
    RowsError,
    load_passages,
    write_passages,
)
from yjs_qa.index.verify import verify
from yjs_qa.models import Passage, SectionKind, Span
from yjs_qa.testing import HashEmbedder

QUESTIONS = [
    "what did inspectors say about contingency planning?",
    "how well did the service work with victims?",
    "planning inadequate ratings",
]


def odd_passages() -> list[Passage]:
    """Passages whose text is hard to store line by line: unicode, line separators, quotes, escapes."""
    texts = [
        "Plain text.",
        "Café, naïve, Ærøskøbing, 東京, emoji 🧒🏽 and a right single quote ’.",
        "Line\u2028separator and paragraph\u2029separator and NEL\u0085 inside one passage.",
        'Quotes " and backslashes \\ and a tab\tand\r\na Windows line break.',
        "",
        "x" * 5000,
    ]
    return [
        Passage(
            id=f"p{i}",
            document="doc-ü.txt" if i % 2 else "doc.txt",
            ordinal=i,
            text=t,
            section_path=["Domain two: Court disposals", "2.2. Planning"] if i % 2 else [],
            section_kind=SectionKind.RATING if i == 3 else SectionKind.NARRATIVE,
            domain="Court disposals" if i % 2 else None,
            domain_number=2 if i % 2 else None,
            standard_code="2.2" if i % 3 == 0 else None,
            standard_name="Planning" if i % 3 == 0 else None,
            page=i or None,
            sentences=[Span(start=0, end=len(t))] if t else [],
        )
        for i, t in enumerate(texts)
    ]


@pytest.fixture
def built(fast_lib_copy: Library) -> tuple[Library, Path]:
    return fast_lib_copy, fast_lib_copy.index_dir  # the corpus built with HashEmbedder, at tmp_path/index


def answers(lib: Library) -> list[str]:
    """Everything a reader sees, as JSON: searches in every mode and filters, and answers."""
    out = []
    for q in QUESTIONS:
        for mode in ("hybrid", "dense", "keyword"):
            out.append(json.dumps([p.model_dump(mode="json") for p in lib.search(q, k=10, mode=mode)]))
        out.append(json.dumps([p.model_dump(mode="json") for p in lib.search(q, service="southend")]))
        out.append(lib.ask(q, k=5).model_dump_json())
        out.append(lib.ask(q, k=5, domain="court disposals", standard="planning").model_dump_json())
    return out


# --- the table ------------------------------------------------------------------------------


def test_table_returns_exactly_the_passages_written(tmp_path: Path) -> None:
    passages = odd_passages()
    offsets = write_passages(tmp_path, passages)
    assert offsets.tolist() == np.load(tmp_path / OFFSETS_FILE, allow_pickle=False).tolist()
    assert offsets[-1] == (tmp_path / PASSAGES_FILE).stat().st_size
    table = load_passages(tmp_path)
    assert len(table) == len(passages)
    assert list(table) == passages
    assert [table[i] for i in range(len(passages))] == passages
    assert table[-1] == passages[-1]
    assert table[1:4] == passages[1:4]
    assert table[::-2] == passages[::-2]
    with pytest.raises(IndexError):
        table[len(passages)]
    # The file is still what any JSON-lines reader expects.
    lines = (tmp_path / PASSAGES_FILE).read_text(encoding="utf-8").split("\n")
    assert [Passage.model_validate_json(line) for line in lines if line] == passages


def test_a_table_without_offsets_scans_for_rows(tmp_path: Path) -> None:
    # What verify compares the offsets file with; a version itself must have the file.
    passages = odd_passages()
    write_passages(tmp_path, passages)
    (tmp_path / OFFSETS_FILE).unlink()
    with pytest.raises(OSError):
        load_passages(tmp_path)
    path = tmp_path / PASSAGES_FILE
    assert list(PassageTable(path)) == passages
    # Blank lines and a missing final newline, as a hand-edited file might have.
    lines = [p.model_dump_json() for p in passages]
    path.write_text("\n" + "\n\n".join(lines) + "\n  \n" + "", encoding="utf-8")
    assert list(PassageTable(path)) == passages
    path.write_text("\n".join(lines), encoding="utf-8")
    assert list(PassageTable(path)) == passages


def test_empty_table(tmp_path: Path) -> None:
    write_passages(tmp_path, [])
    table = load_passages(tmp_path)
    assert len(table) == 0 and list(table) == [] and table[:] == []


def test_table_caches_rows_it_was_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    passages = odd_passages()
    write_passages(tmp_path, passages)
    table = load_passages(tmp_path)
    parsed: list[int] = []
    parse = PassageTable._parse
    monkeypatch.setattr(PassageTable, "_parse", lambda self, row: parsed.append(row) or parse(self, row))
    assert table[2] is table[2]
    assert parsed == [2]


# --- columns --------------------------------------------------------------------------------


def test_columns_round_trip(tmp_path: Path) -> None:
    passages = odd_passages()
    cols = RowCodes.of(passages)
    cols.save(tmp_path)
    loaded = RowCodes.load(tmp_path, len(passages))
    assert loaded is not None
    assert loaded.codes.tolist() == cols.codes.tolist() and loaded.vocab == cols.vocab
    assert loaded.codes.dtype == np.int32
    assert loaded.field("document").tolist() == [p.document for p in passages]
    assert loaded.field("domain").tolist() == [p.domain for p in passages]
    assert loaded.field("standard").tolist() == [p.standard for p in passages]
    assert loaded.field("section_kind").tolist() == [p.section_kind.value for p in passages]
    with pytest.raises(RowsError):
        RowCodes.load(tmp_path / "nowhere", 0)


def test_library_columns_match_a_scan_of_every_passage(built: tuple[Library, Path]) -> None:
    lib, _ = built
    docs = {d.document: d for d in lib.documents}
    passages = lib.passages
    scanned = scan_columns(passages, [docs[p.document].service for p in passages], docs)
    stored = lib._view.columns
    for name in ("service", "domain", "standard", "section_kind", "year"):
        assert getattr(stored, name).tolist() == getattr(scanned, name).tolist(), name
    assert stored.values == scanned.values
    assert lib._view.services == [docs[p.document].service for p in passages]


# --- missing files --------------------------------------------------------------------------


@pytest.mark.parametrize("name", [OFFSETS_FILE, COLUMNS_FILE, COLUMN_VALUES_FILE])
def test_a_version_without_its_offsets_or_columns_is_damaged(built: tuple[Library, Path], name: str) -> None:
    # Format 2 lists them among the version's files: a version without one is damaged, not old.
    lib, index = built
    want = answers(lib)
    (version_dir(index) / name).unlink()
    with pytest.raises(IndexMismatchError, match="rebuild"):
        Library.open(index, embedder=HashEmbedder())
    report = verify(index)
    assert not report.ok
    # The rebuild the message names writes a whole version again, which answers as before.
    rebuilt = Library.build(CORPUS, index, rebuild=True, embedder=HashEmbedder())
    old_version, new_version = lib.status().version or "", rebuilt.status().version or ""
    assert answers(rebuilt) == [w.replace(old_version, new_version) for w in want]
    assert verify(index).ok


# --- damage ---------------------------------------------------------------------------------


def test_verify_finds_offsets_that_do_not_point_at_lines(built: tuple[Library, Path]) -> None:
    _, index = built
    path = version_dir(index) / OFFSETS_FILE
    offsets = np.load(path, allow_pickle=False)
    offsets[1] += 1  # still increasing and the right length: only verify can tell
    np.save(path, offsets, allow_pickle=False)
    report = verify(index)
    assert not report.ok
    assert any("offsets" in p for p in report.problems), report.problems


def test_offsets_of_the_wrong_length_are_a_mismatch(built: tuple[Library, Path]) -> None:
    _, index = built
    path = version_dir(index) / OFFSETS_FILE
    offsets = np.load(path, allow_pickle=False)
    np.save(path, offsets[:-2], allow_pickle=False)
    with pytest.raises(IndexMismatchError):
        Library.open(index, embedder=HashEmbedder())
    assert not verify(index).ok


def test_verify_finds_columns_that_disagree_with_the_passages(built: tuple[Library, Path]) -> None:
    _, index = built
    path = version_dir(index) / COLUMNS_FILE
    codes = np.load(path, allow_pickle=False)
    codes[:, 0] = codes[::-1, 0]  # documents of the rows reversed
    np.save(path, codes, allow_pickle=False)
    report = verify(index)
    assert not report.ok
    assert any("columns" in p for p in report.problems), report.problems


@pytest.mark.parametrize(
    "damage",
    [
        lambda vdir: (vdir / COLUMNS_FILE).unlink(),
        lambda vdir: (vdir / COLUMN_VALUES_FILE).write_text("{not json", "utf-8"),
        lambda vdir: np.save(vdir / COLUMNS_FILE, np.full((3, 4), 99, dtype=np.int32)),
        lambda vdir: np.save(vdir / COLUMNS_FILE, np.full((1, 4), 0.5)),
    ],
)
def test_damaged_columns_are_a_mismatch(built: tuple[Library, Path], damage: object) -> None:
    _, index = built
    damage(version_dir(index))  # type: ignore[operator]
    with pytest.raises(IndexMismatchError):
        Library.open(index, embedder=HashEmbedder())
    assert not verify(index).ok


# --- what a reader does ---------------------------------------------------------------------


def test_opening_and_asking_never_unpickle(
    built: tuple[Library, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, index = built

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("something unpickled")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    lib = Library.open(index, embedder=HashEmbedder())
    assert answers(lib)
    assert lib.verify().ok


def test_a_question_parses_only_the_rows_it_returns(
    built: tuple[Library, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, index = built
    parsed: list[int] = []
    parse = PassageTable._parse
    monkeypatch.setattr(PassageTable, "_parse", lambda self, row: parsed.append(row) or parse(self, row))
    lib = Library.open(index, embedder=HashEmbedder())
    assert parsed == []  # opening parses no passage
    ans = lib.ask(QUESTIONS[0], k=5)
    assert 5 <= len(set(parsed)) <= 5 + 3  # the answer's rows, and the few de-duplication compared
    assert len(parsed) == len(set(parsed))  # each once
    assert {lib._view.data.passages[r].id for r in parsed} >= {p.id for p in ans.passages}


def test_a_damaged_passage_line_is_a_mismatch_when_read(built: tuple[Library, Path]) -> None:
    _, index = built
    path = version_dir(index) / PASSAGES_FILE
    raw = bytearray(path.read_bytes())
    offsets = np.load(version_dir(index) / OFFSETS_FILE, allow_pickle=False)
    start, end = int(offsets[3]), int(offsets[4])
    raw[start : end - 1] = b"x" * (end - 1 - start)  # same length: the offsets still fit
    path.write_bytes(bytes(raw))
    lib = Library.open(index, embedder=HashEmbedder())  # opening reads no passage
    with pytest.raises(IndexMismatchError, match=r"row 3 of passages\.jsonl"):
        _ = lib.passages
    report = verify(index)
    assert not report.ok and any("passages.jsonl is damaged" in p for p in report.problems)
