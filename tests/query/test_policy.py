"""query/policy.py: every 'not found' rule and note, each on a question it should stop and one it must not."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import incoming_report
from typer.testing import CliRunner

from yjs_qa import Library
from yjs_qa.cli.app import app
from yjs_qa.query import plan
from yjs_qa.query.policy import RATING_NOTES
from yjs_qa.query.understand import names, understand
from yjs_qa.ratings.answers import asked_ratings
from yjs_qa.settings import SETTINGS
from yjs_qa.testing import HashEmbedder


def test_a_service_the_index_lacks_is_not_found(fast_lib: Library) -> None:
    ans = fast_lib.ask("How was Barnet Youth Justice Service rated for assessment?", k=5)
    assert not ans.found
    assert "Barnet" in (ans.note or "") and "East Sussex" in (ans.note or "")
    assert ans.answer.startswith("No passage in the corpus answers this")
    assert ans.passages, "the nearest passages are still shown"
    assert ans.sentences == [] and ans.ratings == []


def test_a_year_the_corpus_does_not_cover_is_not_found(fast_lib: Library) -> None:
    ans = fast_lib.ask("How much will the youth justice budget be in 2030?", k=5)
    assert not ans.found and "2030" in (ans.note or "")


def test_cli_shows_what_was_understood_and_not_found(
    fast_lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Library, "open", classmethod(lambda cls, index, **kw: fast_lib))
    result = CliRunner().invoke(app, ["ask", "victim work in Cardiff", "--index", str(fast_lib.index_dir)])
    assert result.exit_code == 0, result.output
    assert "Understood: Cardiff (not found)" in result.output
    assert "No passage in the corpus answers this" in result.output
    assert "Nearest passages" in result.output


def test_a_region_without_an_indexed_service_is_not_found(fast_lib: Library) -> None:
    u = understand("What do inspectors say about curfews in Wales?", ["Kent"])
    assert u.regions == ["Wales"]
    assert understand("the north west of the county", ["Kent"]).regions == []
    ans = fast_lib.ask("What do inspectors say about planning in Wales?")
    assert not ans.found and "Wales" in (ans.note or "")
    assert ans.understood.applied.get("regions") == "not found"


def test_a_name_the_corpus_never_mentions_is_not_found(fast_lib: Library) -> None:
    assert names("How did HMP Berwyn perform in its latest prison inspection?") == {
        "HMP Berwyn": ["HMP", "Berwyn"]
    }
    assert names("Kent Police worked with the service") == {"Kent Police": ["Police"]}
    assert names("What Did Inspectors Say About Planning In Kent?") == {}  # title case names nothing
    ans = fast_lib.ask("Who is the chief executive of Arsenal Football Club?")
    assert not ans.found and "Arsenal Football Club" in (ans.note or "")
    assert ans.understood.unknown_names == ["Arsenal Football Club"]
    assert ans.understood.applied["unknown_names"] == "not found"
    assert ans.passages, "the nearest passages are still shown"
    # A name the corpus does contain answers as usual, and a lower-case question names nothing.
    assert fast_lib.ask("What did inspectors say about Kent?").understood.unknown_names == []
    assert fast_lib.ask("who runs arsenal football club?").understood.unknown_names == []


def test_a_domain_no_passage_of_the_named_service_speaks_of_is_not_found(wigan: Library) -> None:
    ans = wigan.ask("What did inspectors say about Wigan's out-of-court disposal work?", k=5)
    assert not ans.found and ans.understood.applied["domains"] == "not found"
    assert ans.note == "no passage on Wigan speaks of out-of-court disposals"
    covered = wigan.ask("What did inspectors say about Wigan's work on court disposals?", k=5)
    assert covered.understood.applied.get("domains") == "boost"  # its passages speak of court work


def test_a_scope_too_large_to_read_is_not_claimed_to_lack_a_domain(
    wigan: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    bounded = SETTINGS.query.model_copy(update={"mention_check_rows": 1})
    monkeypatch.setattr(plan, "SETTINGS", SETTINGS.model_copy(update={"query": bounded}))
    ans = wigan.ask("What did inspectors say about Wigan's out-of-court disposal work?", k=5)
    assert ans.understood.applied.get("domains") != "not found"


def test_a_rating_of_another_time_than_any_stated_is_not_found(wigan: Library, tmp_path: Path) -> None:
    assert [r.rating for r in wigan.ratings(service="wigan", standard="overall")] == ["Good"]
    earlier = wigan.ask("What rating did Wigan get at its previous inspection?", k=5)
    assert not earlier.found and earlier.ratings == []
    assert earlier.note == "no rating of Wigan from an earlier inspection is stated in the indexed documents"
    then = wigan.ask("How was Wigan rated in 2017?", k=5)  # a year the index mentions
    assert not then.found and then.note == "no rating of Wigan from 2017 is stated in the indexed documents"
    now = wigan.ask("How was Wigan rated in 2024?", k=5)  # the year it was published
    assert now.found and [r.rating for r in now.ratings] == ["Good"]
    # once a document states the earlier rating, the question about it is answered with it
    history = "Wigan news\n\nWigan Youth Justice Service was rated 'Good', up from 'Inadequate' in 2019.\n"
    wigan.add([incoming_report(tmp_path, history, "wigan-2024-news.txt")])
    again = Library.open(wigan.index_dir, embedder=HashEmbedder())
    earlier = again.ask("What rating did Wigan get at its previous inspection?", k=5)
    assert earlier.found and [(r.rating, r.earlier, r.year) for r in earlier.ratings] == [
        ("Inadequate", True, 2019)
    ]


def test_who_holds_a_role_is_not_found_where_no_sentence_names_the_role(wigan: Library) -> None:
    ans = wigan.ask("Who chairs the Wigan management board?", k=5)
    assert not ans.found
    assert ans.note == "the question asks for the holder of a role, and no sentence close to it states one"


def test_an_asked_rating_the_documents_do_not_record_is_said_and_answered_from_passages(
    wigan: Library,
) -> None:
    view = wigan._view.ratings_data

    def line(question: str) -> str | None:
        missing = asked_ratings(view, question, None, ["Wigan"]).missing
        return None if missing is None else RATING_NOTES[missing.what](missing)

    leadership = asked_ratings(view, "What rating did Wigan get for leadership?", None, ["Wigan"])
    assert leadership.ratings == []  # not the overall rating in its place
    assert line("What rating did Wigan get for leadership?") == (
        "No 1.1 Governance and leadership rating of Wigan is recorded in the indexed documents."
    )
    # a domain asked about, without a standard: its standards, none of which is recorded
    assert line("How was Wigan rated for court disposals?") == (
        "No 2.1, 2.2, 2.3 or 2.4 rating of Wigan is recorded in the indexed documents."
    )
    # the overall rating, which is recorded, answers as before
    overall = asked_ratings(view, "How was Wigan rated?", None, ["Wigan"])
    assert [r.rating for r in overall.ratings] == ["Good"] and overall.missing is None
    # the line is the answer's note when the passages answer, and starts its text
    ans = wigan.ask("What rating did Wigan get for leadership?", k=5)
    assert ans.ratings == []
    assert not ans.found or (
        ans.note == line("What rating did Wigan get for leadership?") and ans.answer.startswith(ans.note)
    )
