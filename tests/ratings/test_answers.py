"""ratings/answers.py through the Library and the CLI: rating answers lead, the ratings table, counts
kept as counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yjs_qa import Library
from yjs_qa.cli.app import app
from yjs_qa.index.store import current_version
from yjs_qa.index.version_data import RATINGS_FILE

RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741


def test_ratings_are_stored_as_json_in_the_version_folder(fast_lib: Library) -> None:
    index = fast_lib.index_dir
    path = index / "versions" / str(current_version(index)) / RATINGS_FILE
    data = json.loads(path.read_text("utf-8"))
    assert len(data["ratings"]) == len(fast_lib.ratings()) == 33
    assert len(data["recommendations"]) == len(fast_lib.recommendations()) == 13
    reopened = Library.open(index, embedder=fast_lib.embedder)
    assert reopened.ratings() == fast_lib.ratings()


def test_ask_leads_with_the_structured_rating(fast_lib: Library) -> None:
    answer = fast_lib.ask("how was East Sussex rated for planning?", k=3)
    assert [(r.service, r.standard, r.rating) for r in answer.ratings] == [
        ("East Sussex", "2.2 Planning", I),
        ("East Sussex", "3.2 Planning", RI),
    ]
    first_line = answer.answer.split("\n")[0]
    assert first_line == (
        "East Sussex: 2.2 Planning Inadequate; 3.2 Planning Requires improvement"
        " (east-sussex-2024-cabinet-paper.txt)."
    )
    assert answer.passages, "the supporting passages still follow"
    which = fast_lib.ask("which services were Inadequate on 2.1 Assessment?", k=3)
    assert [(r.service, r.standard_code) for r in which.ratings] == [("Southend-on-Sea", "2.1")]
    plain = fast_lib.ask("what did inspectors say about contingency planning?", k=3)
    assert plain.ratings == [] and not plain.answer.startswith("Southend")


def test_cli_ratings_table_filters_json_and_recommendations(fast_lib: Library) -> None:
    runner = CliRunner()
    index = str(fast_lib.index_dir)
    table = runner.invoke(app, ["ratings", "--index", index])
    assert table.exit_code == 0, table.output
    rows = {line.split("│")[1].strip(): line for line in table.output.splitlines() if line.count("│") > 10}
    assert set(rows) >= {"East Sussex", "Southend-on-Sea", "Kent", "Essex"}
    assert "RI 16/36" in rows["Southend-on-Sea"] and "G 25/36" in rows["East Sussex"]
    listed = runner.invoke(app, ["ratings", "--index", index, "--standard", "2.1", "--rating", "Inadequate"])
    assert listed.exit_code == 0
    assert "Southend-on-Sea · 2.1 Assessment: Inadequate" in listed.output
    as_json = runner.invoke(app, ["ratings", "--index", index, "--service", "kent", "--json"])
    data = json.loads(as_json.output)
    assert {(r["standard_code"], r["rating"]) for r in data} == {(None, RI), ("1.3", O), ("1.4", O)}
    bad = runner.invoke(app, ["ratings", "--index", index, "--rating", "superb"])
    assert bad.exit_code == 1 and "unknown rating 'superb'" in bad.output
    recs = runner.invoke(app, ["recommendations", "--index", index, "--service", "southend"])
    assert recs.exit_code == 0 and "Head of Service (head of service)" in recs.output
    recs_json = json.loads(runner.invoke(app, ["recommendations", "--index", index, "--json"]).output)
    assert len(recs_json) == 13


def test_cli_ask_prints_the_rating_first(fast_lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Library, "open", classmethod(lambda cls, index, **kw: fast_lib))
    question = "how was East Sussex rated for planning?"
    result = CliRunner().invoke(app, ["ask", question, "--index", str(fast_lib.index_dir)])
    assert result.exit_code == 0, result.output
    first = result.output.strip().splitlines()[0]
    assert first.startswith("Rating East Sussex · 2.2 Planning: Inadequate")


WIGAN = "Inspectors visit Wigan\n\nInspectors spent a week with Wigan Youth Justice Service this spring.\n\n"


def test_summary_counts_are_stored_listed_and_never_a_standards_rating(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    path = tmp_path / "wigan-2024-news.txt"
    path.write_text(
        WIGAN + "Wigan Youth Justice Service was rated 'Good'. Four of the 12 standards were rated "
        "'Outstanding'.\n",
        encoding="utf-8",
    )
    fast_lib_copy.add([path])
    lib = Library.open(fast_lib_copy.index_dir, embedder=fast_lib_copy.embedder)
    (count,) = lib.rating_counts(service="wigan")
    assert (count.rating, count.count, count.of, count.counted) == (O, 4, 12, "standards")
    assert count.document == path.name and "Four of the 12" in count.text
    assert {r.standard for r in lib.ratings(service="wigan")} == {"Overall"}  # no standard from a count
    assert lib.rating_counts(service="southend") == []
    stored = json.loads(
        (lib.index_dir / "versions" / current_version(lib.index_dir) / RATINGS_FILE).read_text()
    )
    assert count.model_dump(mode="json") in stored["rating_counts"]
    # the corpus's own: "Five of the thirteen areas are Outstanding and four are Good" (the East
    # Sussex cabinet paper)
    assert [(c.count, c.of, c.counted, c.rating) for c in lib.rating_counts(service="east sussex")] == [
        (5, 13, "areas", O),
        (4, 13, "areas", G),
    ]
    result = CliRunner().invoke(app, ["ratings", "--service", "wigan", "--index", str(lib.index_dir)])
    assert result.exit_code == 0, result.output
    assert "Wigan · 4 of 12 standards Outstanding · wigan-2024-news.txt" in result.stdout
    # a removed document takes its counts with it
    lib.remove([path.name])
    assert {c.service for c in Library.open(lib.index_dir, embedder=lib.embedder).rating_counts()} == {
        "East Sussex"
    }


def test_a_count_of_services_answers_how_many_services_were_rated(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    report = tmp_path / "youth-annual-report-2020.txt"
    report.write_text(
        "Youth annual report 2020\n\nHM Inspectorate of Probation, 24 November 2020\n\n"
        "Inspectors rated 12 aspects of work at each of the 16 services inspected this year. "
        "The Inspectorate rated:\n\n• One service ‘Outstanding’\n• Six services ‘Good’\n"
        "• One service ‘Inadequate’.\n",
        encoding="utf-8",
    )
    fast_lib_copy.add([report])
    lib = Library.open(fast_lib_copy.index_dir, embedder=fast_lib_copy.embedder)
    national = [c for c in lib.rating_counts() if c.service is None]
    assert {(c.count, c.of, c.rating) for c in national} == {(1, 16, O), (6, 16, G), (1, 16, I)}
    answer = lib.ask("How many youth offending services were rated 'Good' in 2020?")
    assert [(c.service, c.count, c.rating) for c in answer.rating_counts] == [(None, 6, G)]
    assert answer.answer.startswith(f"Nationally: 6 of 16 services rated Good ({report.name}).")
    assert answer.ratings == []  # no one service's rating answers it
    # another year's figure does not answer for 2023; a question naming a service is that service's
    assert lib.ask("How many services were rated 'Good' in 2023?").rating_counts == []
    east_sussex = lib.ask("how many standards was East Sussex rated Outstanding on?")
    assert all(c.service for c in east_sussex.rating_counts)


def test_filter_choices_list_each_filters_values_by_what_it_filters(fast_lib: Library) -> None:
    choices = fast_lib.filter_choices()
    assert choices.version == fast_lib.version
    assert choices.services == fast_lib.filter_values().services
    assert choices.rated_services == sorted({r.service for r in fast_lib.ratings() if r.service})
    assert set(choices.rated_services) <= set(choices.counted_services)
    assert "East Sussex" in choices.counted_services  # rated, and counted ("5 of the 13 areas")
    assert choices.rating_standards[0] == "Overall" and "2.2 Planning" in choices.rating_standards
    assert choices.documents == [d.document for d in fast_lib.documents]
