"""Ratings you can trust on any report (#21): a count is never the overall rating, a reinspection's
earlier rating is marked earlier, disagreeing sources are both shown, a service the table lacks keeps
its ratings, an indexed service with no rating lists none, and a user can see why each statement was
read as it was (`ratings --explain`) and correct a rating. On the fake embedder, with real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import CORPUS, ESSEX, snapshot
from typer.testing import CliRunner

from yjs_qa import Library, UnknownFilterError, YjsQaError
from yjs_qa.cli.app import app
from yjs_qa.index.corrections import CORRECTIONS_FILE

runner = CliRunner()
RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741


@pytest.fixture(autouse=True)
def _hash_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YJS_QA_MODEL", "hash")  # the CLI runs on the fake embedder


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def fresh(lib: Library) -> Library:
    return Library.open(lib.index_dir, embedder=lib.embedder)


def overall(lib: Library, service: str) -> list[tuple[str, bool, int | None]]:
    return [(r.rating, r.earlier, r.year) for r in lib.ratings(service=service) if r.standard_code is None]


def test_a_count_is_a_count_and_the_headline_rating_leads(fast_lib_copy: Library, tmp_path: Path) -> None:
    path = write(
        tmp_path / "in",
        "wigan-release.txt",
        "Wigan Youth Justice Service rated 'Good'\n\n"
        "Wigan Youth Justice Service has received an overall rating of 'Good' following an inspection.\n\n"
        "In four of the 12 areas examined the service was rated 'Outstanding'.\n",
    )
    fast_lib_copy.add([path])
    lib = fresh(fast_lib_copy)
    assert overall(lib, "wigan") == [(G, False, None)]
    assert [(c.count, c.of, c.rating) for c in lib.rating_counts(service="wigan")] == [(4, 12, O)]
    answer = lib.ask("How was Wigan rated?")
    assert answer.ratings and answer.ratings[0].rating == G and not answer.ratings[0].disagreeing
    many = lib.ask("In how many areas was Wigan rated Outstanding?")
    assert [(c.count, c.rating) for c in many.rating_counts] == [(4, O)]
    assert "Wigan: Outstanding in 4 of 12 areas" in many.answer


def test_a_reinspection_names_its_earlier_rating_as_earlier(fast_lib_copy: Library, tmp_path: Path) -> None:
    path = write(
        tmp_path / "in",
        "bolton-news.txt",
        "Bolton youth service improves\n\n"
        "Bolton Youth Justice Service has been upgraded from 'Inadequate' in 2020 to "
        "'Requires improvement'.\n",
    )
    fast_lib_copy.add([path])
    lib = fresh(fast_lib_copy)
    assert sorted(overall(lib, "bolton")) == [(I, True, 2020), (RI, False, None)]
    assert lib.ask("How was Bolton rated?").ratings[0].rating == RI
    earlier = lib.ask("How was Bolton rated at its previous inspection?").ratings
    assert [(r.rating, r.year) for r in earlier] == [(I, 2020)]


def test_disagreeing_current_sources_are_both_kept_and_shown(fast_lib_copy: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(
        folder,
        "salford-release.txt",
        "Salford YJS rated 'Good'\n\nSalford Youth Justice Service was rated 'Good' overall.\n",
    )
    write(
        folder,
        "salford-news.txt",
        "Salford youth team\n\nBy Jane Smith\n\n"
        "Salford Youth Justice Service was rated 'Outstanding' overall.\n",
    )
    fast_lib_copy.add([folder])
    lib = fresh(fast_lib_copy)
    (best,) = lib.ratings(service="salford", unique=True)
    assert best.rating == G and best.document == "salford-release.txt"  # a release before news
    assert [(s.document, s.rating) for s in best.disagreeing] == [("salford-news.txt", O)]
    answer = lib.ask("How was Salford rated?")
    assert (
        "The sources disagree on Salford overall rating: salford-news.txt states Outstanding" in answer.answer
    )
    shown = runner.invoke(app, ["ask", "How was Salford rated?", "--index", str(lib.index_dir)])
    assert "Sources disagree: salford-news.txt states Outstanding" in shown.stdout


def test_a_service_the_table_lacks_keeps_its_ratings(fast_lib_copy: Library, tmp_path: Path) -> None:
    path = write(
        tmp_path / "in",
        "testshire-report.txt",
        "An inspection of youth justice services in Testshire\n\n"
        "Testshire Youth Justice Service has received an overall rating of 'Requires improvement'.\n",
    )
    report = fast_lib_copy.add([path])
    assert (
        report.files[0].note
        == "'Testshire' is not in the services table: the document names it as its service"
    )
    lib = fresh(fast_lib_copy)
    assert overall(lib, "Testshire") == [(RI, False, None)]
    assert lib.ask("How was Testshire rated?").ratings[0].rating == RI


def test_an_indexed_service_with_no_rating_lists_none_and_an_unknown_one_is_an_error(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "in", "wigan-update.txt", "Wigan update\n\nWigan Youth Justice Service met its partners.\n"
    )
    fast_lib_copy.add([path])
    lib = fresh(fast_lib_copy)
    assert lib.ratings(service="Wigan") == [] and lib.ratings(service="wigan yjs") == []
    assert lib.rating_counts(service="Wigan") == []
    with pytest.raises(UnknownFilterError, match="Wigan"):
        lib.ratings(service="Atlantis")


def test_explain_shows_each_statement_each_step_and_the_reading_chosen(fast_lib: Library) -> None:
    e = fast_lib.explain_ratings("east sussex")
    assert e.service == "East Sussex"
    chosen = [s for s in e.statements if s.chosen]
    assert chosen and all(s.document.startswith("east-sussex") for s in chosen)
    assert {r.standard_code for r in e.ratings if not r.earlier} >= {None, "2.1", "4.1"}
    count = next(s for s in e.statements if s.outcome == "count")
    assert [st.step for st in count.steps] == ["word", "owner", "scope", "time"]
    assert "count" in count.steps[2].found
    result = runner.invoke(app, ["ratings", "--explain", "east sussex", "--index", str(fast_lib.index_dir)])
    assert result.exit_code == 0, result.output
    assert "Ratings of East Sussex" in result.stdout and "scope" in result.stdout and "owner" in result.stdout
    as_json = runner.invoke(
        app, ["ratings", "--explain", "east sussex", "--json", "--index", str(fast_lib.index_dir)]
    )
    assert json.loads(as_json.stdout)["service"] == "East Sussex"
    unknown = runner.invoke(app, ["ratings", "--explain", "Atlantis", "--index", str(fast_lib.index_dir)])
    assert unknown.exit_code == 1 and "Atlantis" in unknown.output


def test_a_rating_corrected_with_add_survives_a_rebuild(fast_lib_copy: Library, tmp_path: Path) -> None:
    index = fast_lib_copy.index_dir
    before = overall(fast_lib_copy, "essex")
    assert before and before[0][0] != I
    result = runner.invoke(
        app, ["add", str(CORPUS / ESSEX), "--rating", "overall=Inadequate", "--index", str(index)]
    )
    assert result.exit_code == 0, result.output
    assert "ratings corrected" in result.output
    lib = fresh(fast_lib_copy)
    (fixed,) = [r for r in lib.ratings(service="essex") if r.standard_code is None and r.document == ESSEX]
    assert (fixed.rating, fixed.source) == (I, "correction")
    assert lib.explain_ratings("essex").corrections == {ESSEX: {"overall": I}}
    rebuilt = runner.invoke(
        app, ["index", "build", "--corpus", str(CORPUS), "--index", str(index), "--rebuild"]
    )
    assert rebuilt.exit_code == 0, rebuilt.output
    assert [
        r.rating
        for r in fresh(fast_lib_copy).ratings(service="essex")
        if r.document == ESSEX and r.standard_code is None
    ] == [I]


def test_a_ratings_csv_beside_the_corpus_corrects_ratings(fast_lib_copy: Library, corpus_copy: Path) -> None:
    (corpus_copy / "ratings.csv").write_text(
        f"document,standard,rating\n{ESSEX},overall,Outstanding\n", encoding="utf-8"
    )
    lib = Library.build(corpus_copy, fast_lib_copy.index_dir, embedder=fast_lib_copy.embedder)
    assert [
        r.rating for r in lib.ratings(service="essex") if r.document == ESSEX and r.standard_code is None
    ] == [O]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("overall=Brilliant", "unknown rating 'Brilliant'"),
        ("9.9=Good", "unknown standard '9.9'"),
        ("planning=Good", "'planning' names 2.2, 3.2: give one"),
        ("overall", "give STANDARD=RATING"),
    ],
)
def test_a_bad_rating_correction_is_a_clear_error_and_changes_nothing(
    fast_lib_copy: Library, value: str, message: str
) -> None:
    index = fast_lib_copy.index_dir
    before = snapshot(index)
    result = runner.invoke(app, ["add", str(CORPUS / ESSEX), "--rating", value, "--index", str(index)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert snapshot(index) == before and not (index / CORRECTIONS_FILE).exists()
    if "=" in value:
        standard, rating = value.split("=")
        with pytest.raises(YjsQaError, match="Nothing was changed"):
            fast_lib_copy.add([CORPUS / ESSEX], ratings={standard: rating})


def test_a_services_file_beside_the_corpus_extends_the_table(
    fast_lib_copy: Library, corpus_copy: Path
) -> None:
    # A combined service the table lacks: its councils' papers speak of "the Youth Justice Service".
    (corpus_copy / "services.csv").write_text(
        "service,aliases,councils\nLowlands and Marsh,Lowlands;Marsh,Lowlands;Marsh\n", encoding="utf-8"
    )
    write(
        corpus_copy,
        "marsh-minutes.txt",
        "Minutes\n\nMarsh Council's cabinet received a report on the Youth Justice Service, "
        "which was rated 'Good' overall by the inspectorate.\n",
    )
    lib = Library.build(corpus_copy, fast_lib_copy.index_dir, embedder=fast_lib_copy.embedder)
    (doc,) = [d for d in lib.documents if d.document == "marsh-minutes.txt"]
    assert doc.service == "Lowlands and Marsh"
    assert overall(lib, "lowlands") == [(G, False, None)]  # an alias works in every filter
    assert lib.ask("How was Lowlands rated?", service="marsh").ratings[0].rating == G


def test_a_year_or_an_earlier_inspection_gets_the_ratings_of_then(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "in",
        "bolton-2026-news.txt",
        "Bolton youth service rated Good\n\nPublished 13 January 2026\n\n"
        "Bolton Youth Justice Service has been rated 'Good'. The service improved from 'Inadequate' in "
        "2015 and 'Requiring improvement' in 2019 to 'Good'.\n",
    )
    fast_lib_copy.add([path])
    lib = fresh(fast_lib_copy)
    then = lib.ask("How was Bolton YOT rated in 2015?").ratings
    assert [(r.rating, r.earlier, r.year) for r in then] == [(I, True, 2015)]
    previous = lib.ask("What was Bolton rated at its previous inspection?").ratings
    assert [(r.rating, r.year) for r in previous] == [(RI, 2019)]  # the latest earlier one
    assert lib.ask("How was Bolton rated?").ratings[0].rating == G


def test_a_service_rated_only_in_a_page_about_another_is_answered(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "in",
        "wigan-news.txt",
        "Wigan 'must improve'\n\nWigan Council said it accepted the findings. Wigan Youth Justice Service "
        "was rated 'Requires improvement'.\n\nBolton's youth offending team was also rated as requires "
        "improvement, while Salford was given a good rating.\n",
    )
    fast_lib_copy.add([path])
    lib = fresh(fast_lib_copy)
    (doc,) = [d for d in lib.documents if d.document == "wigan-news.txt"]
    assert doc.service == "Wigan"
    answer = lib.ask("What rating was Salford's youth offending service given?")
    assert answer.found and [(r.service, r.rating) for r in answer.ratings] == [("Salford", G)]
