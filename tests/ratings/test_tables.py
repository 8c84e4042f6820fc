"""ratings/read/tables.py and reconcile.py on the seed reports: ratings tables, standard sections, key
questions and the score checks, checked by hand.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import CORPUS, COUNCIL, NEW_FRAMEWORK_REPORT, REPORT
from typer.testing import CliRunner

from yjs_qa import Library, Rating, UnknownFilterError
from yjs_qa.cli.app import app

RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741


# Hand-made from the documents' own tables (see corpus/).
SOUTHEND = {
    "1.1": RI, "1.2": G, "1.3": G, "1.4": RI,
    "2.1": I, "2.2": G, "2.3": RI, "2.4": I,
    "3.1": G, "3.2": G, "3.3": RI, "3.4": G,
    "4.1": RI,
}  # fmt: skip


EAST_SUSSEX = {
    "1.1": G, "1.2": G, "1.3": O, "1.4": O,
    "2.1": G, "2.2": I, "2.3": O, "2.4": O,
    "3.1": RI, "3.2": RI, "3.3": O, "3.4": G,
    "4.1": RI,
}  # fmt: skip


# Key questions of the Southend-on-Sea report: lowest % Yes drives the band.
SOUTHEND_KEY_QUESTIONS = {
    "2.1": [100, 100, 44], "2.2": [100, 100, 78], "2.3": [100, 67, 56], "2.4": [89, 78, 33],
    "3.1": [100, 78, 67], "3.2": [89, 67, 78], "3.3": [67, 44, 67],
}  # fmt: skip


def _of(lib: Library, document: str) -> dict[str | None, Rating]:
    return {r.standard_code: r for r in lib.ratings() if r.document == document}


def test_southend_report_all_13_standards_and_overall(fast_lib: Library) -> None:
    ratings = _of(fast_lib, REPORT)
    assert {c: r.rating for c, r in ratings.items() if c} == SOUTHEND
    overall = ratings[None]
    assert (overall.rating, overall.score, overall.score_max) == (RI, 16, 36)
    assert all(r.source == "ratings table" and r.service == "Southend-on-Sea" for r in ratings.values())
    table = next(p for p in fast_lib.passages if p.id == overall.passage_id)
    assert table.section_path == ["Ratings"] and "16/36" in table.text
    assert overall.page == 4


def test_southend_score_agrees_with_the_sum_of_standard_points(fast_lib: Library) -> None:
    overall = _of(fast_lib, REPORT)[None]
    # 1.1-1.4: 1+2+2+1; 2.1-2.4: 0+2+1+0; 3.1-3.4: 2+2+1+2 = 16 (4.1 does not count)
    assert overall.points_sum == 16
    assert overall.flags == []


def test_southend_key_questions_and_bands_with_discretion_on_3_3(fast_lib: Library) -> None:
    ratings = _of(fast_lib, REPORT)
    for code, expected in SOUTHEND_KEY_QUESTIONS.items():
        assert [q.percent_yes for q in ratings[code].key_questions] == expected, code
    assert ratings["2.1"].key_questions[2].question == "how to keep other people safe?"
    assert ratings["2.1"].key_questions[2].band == I
    bands = {code: ratings[code].key_question_band for code in SOUTHEND_KEY_QUESTIONS}
    assert bands == {"2.1": I, "2.2": G, "2.3": RI, "2.4": I, "3.1": G, "3.2": G, "3.3": I}
    flagged = {code for code, r in ratings.items() if r.flags}
    assert flagged == {"3.3"}, "only 3.3 is rated outside its band"
    (flag,) = ratings["3.3"].flags
    assert "44% Yes" in flag and "Inadequate band" in flag and "Professional discretion" in flag
    assert (
        ratings["3.3"].note is not None and "increasing this rating from 'Inadequate'" in ratings["3.3"].note
    )
    assert ratings["1.1"].key_questions == [] and ratings["1.1"].key_question_band is None


def test_east_sussex_linearised_table(fast_lib: Library) -> None:
    ratings = _of(fast_lib, COUNCIL)
    assert {c: r.rating for c, r in ratings.items() if c} == EAST_SUSSEX
    overall = ratings[None]
    assert (overall.rating, overall.score, overall.score_max, overall.points_sum) == (G, 25, 36, 25)
    assert overall.flags == []
    assert ratings["2.2"].text == "Planning: Inadequate"  # names first, ratings after, matched in order
    assert all(r.service == "East Sussex" for r in ratings.values())


def test_a_score_that_disagrees_with_the_standards_is_flagged(tmp_path: Path, hash_embedder: object) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (CORPUS / COUNCIL).read_text(encoding="utf-8")
    (corpus / "altered.txt").write_text(text.replace("Good (25/36)", "Good (27/36)"), encoding="utf-8")
    lib = Library.build(corpus, tmp_path / "index", embedder=hash_embedder)  # type: ignore[arg-type]
    (overall,) = lib.ratings(standard="overall")
    assert overall.score == 27 and overall.points_sum == 25
    assert overall.flags == [
        "the stated score 27/36 disagrees with the standard ratings, which add up to 25/36"
    ]


def test_a_reports_own_standards_answer_filters_and_rating_questions(
    tmp_path: Path, hash_embedder: object
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hartlepool-2025-inspection.txt").write_text(NEW_FRAMEWORK_REPORT, encoding="utf-8")
    shutil.copy(CORPUS / REPORT, corpus / REPORT)
    lib = Library.build(corpus, tmp_path / "index", embedder=hash_embedder)  # type: ignore[arg-type]
    (victims,) = lib.ratings(standard="work with victims")
    assert (victims.service, victims.standard, victims.rating) == ("Hartlepool", "3.1 Work with victims", G)
    # 'assessment' is Southend's 2.1 and 3.1, never Hartlepool's 2.1 Work with children.
    assert {(r.service, r.standard) for r in lib.ratings(standard="assessment", unique=True)} == {
        ("Southend-on-Sea", "2.1 Assessment"),
        ("Southend-on-Sea", "3.1 Assessment"),
    }
    assert len(lib.ratings(standard="2.1", unique=True)) == 2  # a bare number means either
    answer = lib.ask("How was Hartlepool rated on its work with children?", k=3)
    assert [(r.service, r.standard, r.rating) for r in answer.ratings] == [
        ("Hartlepool", "2.1 Work with children", RI)
    ]
    # A standard the service's ratings table does not rate: nothing can answer, so "not found".
    unrated = lib.ask("How was Hartlepool rated for assessment?", k=3)
    assert not unrated.found and unrated.ratings == []
    assert unrated.note == ("the ratings Hartlepool received do not include 2.1 Assessment, 3.1 Assessment")
    rated = lib.ask("How was Southend rated for resettlement?", k=3)
    assert rated.found and [r.standard for r in rated.ratings] == ["4.1 Resettlement policy and provision"]
    with pytest.raises(UnknownFilterError, match=re.escape("3.1 Work with victims")):
        lib.ratings(standard="work with aliens")
    # The table's columns are the framework's numbers, so it says whose standards are their own.
    table = CliRunner().invoke(app, ["ratings", "--index", str(tmp_path / "index")])
    assert table.exit_code == 0, table.output
    own = "Hartlepool is rated on its own standards: 2.1 Work with children, 3.1 Work with victims."
    assert own in table.output
    assert "Southend-on-Sea is rated on its own" not in table.output
