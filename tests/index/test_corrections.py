"""Users see and correct tags (issue #15, item 2): `yjs-qa documents`, the note for a file whose service
is unknown, `add --service/--kind/--date`, a corpus's metadata.csv, and corrections that outlive
refreshes and rebuilds. All on the fake embedder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import CORPUS, ESSEX, KENT, REPORT, incoming_report, snapshot
from typer.testing import CliRunner

from yjs_qa import DocKind, Document, Library, UpdateReport, YjsQaError
from yjs_qa.cli.app import app
from yjs_qa.index.corrections import CORRECTIONS_FILE
from yjs_qa.testing import HashEmbedder

runner = CliRunner()

UNTAGGED = (
    "Narnia Youth Justice Service: an update\n\n"
    "The board heard how Narnia Youth Justice Service worked with children in the last year, and "
    "agreed the plan for the year ahead with its partners in health and education.\n\n"
    "Members asked for a further report on out-of-court disposals and on the victims of crime."
)


@pytest.fixture(autouse=True)
def _hash_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YJS_QA_MODEL", "hash")  # the CLI runs on the fake embedder


def doc_of(lib: Library, name: str) -> Document:
    return next(d for d in lib.documents if d.document == name)


def fresh(lib: Library) -> Library:
    return Library.open(lib.index_dir, embedder=HashEmbedder())


# --- seeing tags ---------------------------------------------------------------------------------


def test_documents_lists_every_document_with_its_tags(fast_lib: Library) -> None:
    result = runner.invoke(app, ["documents", "--index", str(fast_lib.index_dir)])
    assert result.exit_code == 0, result.output
    for d in fast_lib.documents:
        line = next(ln for ln in result.stdout.splitlines() if ln.startswith(f"{d.document}:"))
        assert d.service and d.service in line
        assert d.kind.value in line and f"{d.passages} passages" in line
        assert (d.date or "date unknown") in line


def test_documents_json_is_the_document_models(fast_lib: Library) -> None:
    result = runner.invoke(app, ["documents", "--json", "--index", str(fast_lib.index_dir)])
    assert result.exit_code == 0, result.output
    docs = [Document.model_validate(d) for d in json.loads(result.stdout)]
    assert docs == fast_lib.documents
    assert {d.document for d in docs} >= {REPORT, ESSEX, KENT}
    assert all("tag_note" in d for d in json.loads(result.stdout))


def test_an_untagged_document_says_why(fast_lib_copy: Library, tmp_path: Path) -> None:
    path = incoming_report(tmp_path, UNTAGGED, "narnia-board-update.txt")
    result = runner.invoke(app, ["add", str(path), "--index", str(fast_lib_copy.index_dir)])
    assert result.exit_code == 0, result.output
    assert f"note: {path}: no service: named 'Narnia', not in the services table" in result.stderr
    lib = fresh(fast_lib_copy)
    doc = doc_of(lib, path.name)
    assert doc.service is None and doc.tag_note == "named 'Narnia', not in the services table"
    listed = runner.invoke(app, ["documents", "--index", str(lib.index_dir)])
    assert "narnia-board-update.txt: service unknown (named 'Narnia'" in listed.stdout
    assert "yjs-qa add FILE --service" in listed.stdout
    # a tagged document has no note, in the report or the listing
    report = lib.add([CORPUS / KENT])
    assert [f.note for f in report.files] == [None]
    assert doc_of(lib, KENT).tag_note is None


def test_the_report_of_an_add_carries_the_note(fast_lib_copy: Library, tmp_path: Path) -> None:
    report = fast_lib_copy.add([incoming_report(tmp_path, UNTAGGED, "narnia.txt")])
    (added,) = report.added
    assert added.note == "named 'Narnia', not in the services table"
    assert UpdateReport.model_validate_json(report.model_dump_json()) == report


# --- correcting tags -----------------------------------------------------------------------------


def test_add_service_corrects_a_wrong_tag_and_the_ratings_follow(fast_lib_copy: Library) -> None:
    lib = fast_lib_copy
    before = doc_of(lib, ESSEX)
    assert before.service == "Essex"
    assert {r.service for r in lib.ratings() if r.document == ESSEX} == {"Essex"}
    result = runner.invoke(
        app, ["add", str(CORPUS / ESSEX), "--service", "barnsley", "--index", str(lib.index_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "updated 1" in result.stdout and "service Essex -> Barnsley" in result.stdout
    lib = fresh(lib)
    after = doc_of(lib, ESSEX)
    assert after.service == "Barnsley" and after.kind == before.kind and after.date == before.date
    # the ratings and the citations carry the corrected service
    assert {r.service for r in lib.ratings() if r.document == ESSEX} == {"Barnsley"}
    assert lib.ratings(service="barnsley")
    assert {p.document for p in lib.search("rated", k=5, service="barnsley")} == {ESSEX}
    stored = json.loads((lib.index_dir / CORRECTIONS_FILE).read_text(encoding="utf-8"))
    assert stored["documents"] == {ESSEX: {"service": "Barnsley"}}


def test_a_corrected_service_re_embeds_only_that_document(fast_lib_copy: Library) -> None:
    passages = doc_of(fast_lib_copy, ESSEX).passages
    report = fast_lib_copy.add([CORPUS / ESSEX], service="Barnsley")
    assert report.embedded == passages  # the service is part of the text the model reads
    # kind and date alone leave what the model reads unchanged: nothing embedded
    report = fast_lib_copy.add([CORPUS / REPORT], date="2024-10-01")
    assert [f.status for f in report.files] == ["updated"] and report.embedded == 0
    assert doc_of(fast_lib_copy, REPORT).date == "2024-10-01"
    # the same correction again changes nothing
    again = fast_lib_copy.add([CORPUS / ESSEX], service="Barnsley")
    assert [f.status for f in again.files] == ["unchanged"] and again.index_version == report.index_version


def test_corrections_survive_refresh_and_rebuild(fast_lib_copy: Library) -> None:
    index = fast_lib_copy.index_dir
    fast_lib_copy.add([CORPUS / ESSEX], service="Barnsley", kind="press release", date="2019")
    # a refresh reads the file again and keeps the tags
    refreshed = runner.invoke(app, ["index", "build", "--corpus", str(CORPUS), "--index", str(index)])
    assert refreshed.exit_code == 0, refreshed.output
    assert "unchanged 5" in refreshed.stdout
    rebuilt = runner.invoke(
        app, ["index", "build", "--rebuild", "--corpus", str(CORPUS), "--index", str(index)]
    )
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "added 5" in rebuilt.stdout
    lib = Library.open(index, embedder=HashEmbedder())
    doc = doc_of(lib, ESSEX)
    assert (doc.service, doc.kind, doc.date) == ("Barnsley", DocKind.PRESS_RELEASE, "2019")
    assert {r.service for r in lib.ratings() if r.document == ESSEX} == {"Barnsley"}
    # a later correction of one tag keeps the others
    lib.add([CORPUS / ESSEX], date="2018-12-05")
    doc = doc_of(lib, ESSEX)
    assert (doc.service, doc.kind, doc.date) == ("Barnsley", DocKind.PRESS_RELEASE, "2018-12-05")


def test_metadata_csv_sets_tags_on_index_build(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "metadata.csv").write_text(
        "document,service,kind,date\n"
        f"{ESSEX},Barnsley,,\n"
        f"{KENT},,press release,2023-05\n"
        "not-in-the-corpus.txt,Wigan,,\n",
        encoding="utf-8",
    )
    index = tmp_path / "idx"
    result = runner.invoke(app, ["index", "build", "--corpus", str(corpus_copy), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "metadata.csv" not in result.output  # read, not indexed nor skipped
    lib = Library.open(index, embedder=HashEmbedder())
    essex, kent = doc_of(lib, ESSEX), doc_of(lib, KENT)
    assert essex.service == "Barnsley" and essex.kind == DocKind.NEWS_ARTICLE  # empty cells keep
    assert (kent.service, kent.kind, kent.date) == ("Kent", DocKind.PRESS_RELEASE, "2023-05")
    assert len(lib.documents) == 5
    # editing metadata.csv and refreshing re-tags just that file
    (corpus_copy / "metadata.csv").write_text(f"document,service\n{ESSEX},Wigan\n", encoding="utf-8")
    _, report = Library.build_with_report(corpus_copy, index, embedder=HashEmbedder())
    assert [f.document for f in report.updated] == [ESSEX]
    lib = Library.open(index, embedder=HashEmbedder())
    assert doc_of(lib, ESSEX).service == "Wigan"
    assert doc_of(lib, KENT).kind == DocKind.PRESS_RELEASE  # stored, though its row is gone


def test_a_stored_correction_re_tags_a_document_this_run_does_not_read(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    index = fast_lib_copy.index_dir
    (index / CORRECTIONS_FILE).write_text(
        json.dumps({"format": 1, "documents": {KENT: {"service": "Wigan"}}}), encoding="utf-8"
    )
    report = fast_lib_copy.add([incoming_report(tmp_path, UNTAGGED, "narnia.txt")])
    assert {f.document: f.status for f in report.files} == {"narnia.txt": "added", KENT: "updated"}
    kent = doc_of(fast_lib_copy, KENT)
    assert kent.service == "Wigan" and kent.passages == len(fast_lib_copy.passages_of(KENT)) > 0
    assert fast_lib_copy.verify().ok


# --- bad values: a clear error, nothing written ---------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--service", "September and October", "unknown service 'September and October'"),
        ("--service", "Barnsly", "Did you mean 'Barnsley'"),
        ("--kind", "memo", "unknown kind 'memo'. Valid kinds: 'inspection report', 'press release'"),
        ("--date", "2024-13", "invalid date '2024-13'"),
        ("--date", "13/03/2024", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_bad_tags_are_clear_errors_and_change_nothing(
    fast_lib_copy: Library, option: str, value: str, message: str
) -> None:
    index = fast_lib_copy.index_dir
    before = snapshot(index)
    result = runner.invoke(app, ["add", str(CORPUS / ESSEX), option, value, "--index", str(index)])
    assert result.exit_code == 1
    assert message in result.output and "Nothing was changed" in result.output
    assert snapshot(index) == before
    with pytest.raises(YjsQaError, match="Nothing was changed"):
        fast_lib_copy.add([CORPUS / ESSEX], **{option.removeprefix("--"): value})
    assert snapshot(index) == before and not (index / CORRECTIONS_FILE).exists()


def test_a_bad_metadata_csv_changes_nothing(fast_lib_copy: Library, corpus_copy: Path) -> None:
    index = fast_lib_copy.index_dir
    before = snapshot(index)
    for text, message in [
        (
            f"document,service\n{KENT},Kent\n{ESSEX},Barnsly\n",
            "metadata.csv line 3: unknown service 'Barnsly'",
        ),
        (f"file,service\n{KENT},Kent\n", "the first line must name its columns"),
        (f"document,kind\n{KENT},memo\n", "unknown kind 'memo'"),
    ]:
        (corpus_copy / "metadata.csv").write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["index", "build", "--corpus", str(corpus_copy), "--index", str(index)])
        assert result.exit_code == 1 and message in result.output, result.output
        assert snapshot(index) == before


def test_a_damaged_corrections_file_says_what_to_do(fast_lib_copy: Library) -> None:
    (fast_lib_copy.index_dir / CORRECTIONS_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(YjsQaError, match="fix or delete it"):
        fast_lib_copy.add([CORPUS / ESSEX])


def test_corrections_are_outside_the_versions(fast_lib_copy: Library, tmp_path: Path) -> None:
    fast_lib_copy.add([CORPUS / ESSEX], service="Barnsley")
    index = fast_lib_copy.index_dir
    assert (index / CORRECTIONS_FILE).is_file()
    assert CORRECTIONS_FILE not in json.dumps(fast_lib_copy.status().model_dump(mode="json"))
    copy = tmp_path / "copy"
    shutil.copytree(index, copy)  # an index folder copied whole keeps its corrections
    Library.build(CORPUS, copy, embedder=HashEmbedder(), rebuild=True)
    assert doc_of(Library.open(copy, embedder=HashEmbedder()), ESSEX).service == "Barnsley"


# --- the framework a document falls under --------------------------------------------------------


def test_documents_show_the_framework_of_each_date(fast_lib: Library) -> None:
    result = runner.invoke(app, ["documents", "--index", str(fast_lib.index_dir)])
    dated = [d for d in fast_lib.documents if d.date]
    assert dated and all(d.date and d.date[:4] < "2025" for d in dated)  # the shipped corpus's years
    for d in fast_lib.documents:
        line = next(ln for ln in result.stdout.splitlines() if ln.startswith(f"{d.document}:"))
        if d.date:
            assert d.framework == "2018-2024" and "2018-2024 framework" in line
        else:  # no date, no edition: the listing says so rather than guessing
            assert d.framework is None and "no framework" in line


def test_a_corrected_date_or_kind_moves_the_framework(fast_lib_copy: Library) -> None:
    fast_lib_copy.add([CORPUS / REPORT], date="2025-06")
    assert doc_of(fresh(fast_lib_copy), REPORT).framework == "2025"
    fast_lib_copy.add([CORPUS / REPORT], kind="thematic inspection")  # national: no service framework
    assert doc_of(fresh(fast_lib_copy), REPORT).framework is None


def test_a_manifest_from_before_the_framework_field_gains_it(fast_lib_copy: Library) -> None:
    lib = fast_lib_copy
    (manifest,) = lib.index_dir.glob("**/manifest.json")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for d in data["documents"]:
        d.pop("framework")
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert {d.framework for d in fresh(lib).documents if d.date} == {"2018-2024"}


# --- ratings by the kind of document that states them ---------------------------------------------


def test_ratings_by_kind_come_only_from_documents_of_that_kind(fast_lib: Library) -> None:
    kinds = {d.document: d.kind for d in fast_lib.documents}
    reports = fast_lib.ratings(kind="inspection report")
    assert reports and {kinds[r.document] for r in reports} == {DocKind.INSPECTION_REPORT}
    others = [r for r in fast_lib.ratings() if kinds[r.document] != DocKind.INSPECTION_REPORT]
    assert len(reports) + len(others) == len(fast_lib.ratings())
    table = fast_lib.ratings_table(kind="inspection report")
    cells = [c for row in table.rows for c in (row.overall, *row.cells.values()) if c]
    assert cells and {kinds[c.document] for c in cells} == {DocKind.INSPECTION_REPORT}
    with pytest.raises(YjsQaError, match="kind"):
        fast_lib.ratings(kind="podcast")
    result = runner.invoke(
        app, ["ratings", "--kind", "report", "--standard", "overall", "--index", str(fast_lib.index_dir)]
    )
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    wanted = [r for r in fast_lib.ratings(kind="report", standard="overall", unique=True)]
    assert len(lines) == len(wanted) and all(r.document in "".join(lines) for r in wanted)


def test_a_service_the_table_lacks_is_accepted_with_a_note_and_used_by_every_filter(
    fast_lib_copy: Library,
) -> None:
    index = fast_lib_copy.index_dir
    result = runner.invoke(app, ["add", str(CORPUS / ESSEX), "--service", "Narnia", "--index", str(index)])
    assert result.exit_code == 0, result.output
    lib = Library.open(index, embedder=fast_lib_copy.embedder)
    (doc,) = [d for d in lib.documents if d.document == ESSEX]
    assert doc.service == "Narnia"
    assert doc.tag_note == "'Narnia' is not in the services table: set by the user"
    listed = runner.invoke(app, ["documents", "--index", str(index)])
    assert "Narnia ('Narnia' is not in the services table: set by the user)" in listed.stdout
    assert "Narnia" in lib.filter_values().services
    assert {p.citation.document for p in lib.search("youth justice", k=5, service="narnia")} == {ESSEX}
    assert {r.service for r in lib.ratings(service="Narnia")} <= {"Narnia"}
