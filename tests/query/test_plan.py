"""Services named in a question: a tag is not the only evidence, and several services each get a say."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from support import COUNCIL, REPORT, incoming_report

from yjs_qa import Library, UnknownFilterError
from yjs_qa.query.rank import balance
from yjs_qa.query.retrieve import Hit
from yjs_qa.ratings.answers import NotRecorded, RatingNotRecorded, asked_ratings
from yjs_qa.ratings.questions import rating_ask

NATIONAL = """Annual report on youth justice inspections 2030

This report summarises the inspections we carried out across England during the year.

Inspectors visited Barnet in the spring and found that the partnership had built strong links with
schools, so that children excluded from school were found a new place within days.

In the autumn, inspectors found that reading ages were tested for every child and staff had more
time for each child.
"""


def test_a_service_no_document_is_tagged_with_is_searched_where_passages_name_it(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    fast_lib_copy.add([incoming_report(tmp_path, NATIONAL, "national-annual-report-2030.txt")])
    assert {d.document: d.service for d in fast_lib_copy.documents}["national-annual-report-2030.txt"] is None
    ans = fast_lib_copy.ask("What did inspectors find about schools in Barnet?")
    # (Whether it is then answered is the similarity rules' call; with the fake model it is arbitrary.)
    assert ans.understood.services == ["Barnet"] and ans.understood.unknown_services == []
    assert "holds no document" not in (ans.note or "")
    assert ans.filters.services == ["Barnet"]
    # Only the passage that names Barnet: the rest of the report is about other places.
    assert [p.citation.document for p in ans.passages] == ["national-annual-report-2030.txt"]
    assert "Barnet" in ans.passages[0].text
    # A service no passage names is still "not found", for that reason.
    croydon = fast_lib_copy.ask("What did inspectors find about schools in Croydon?")
    assert not croydon.found and "holds no document on Croydon" in (croydon.note or "")
    # A one-word name that is also an everyday word must be printed capitalised: "reading ages" is
    # not the town of Reading.
    reading = fast_lib_copy.ask("What did inspectors say about Reading?")
    assert not reading.found and "holds no document on Reading" in (reading.note or "")


def test_a_passing_mention_in_another_services_document_is_no_evidence(fast_lib: Library) -> None:
    # Essex's news article mentions Hertfordshire only as the other outstanding service.
    ans = fast_lib.ask("What recommendations did inspectors make to Hertfordshire's youth offending team?")
    assert not ans.found and ans.understood.unknown_services == ["Hertfordshire"]


def test_a_question_naming_two_services_has_passages_and_sentences_from_each(fast_lib: Library) -> None:
    ans = fast_lib.ask("Compare Southend-on-Sea and East Sussex on out-of-court disposals")
    assert ans.understood.services == ["Southend-on-Sea", "East Sussex"]
    assert {REPORT, COUNCIL} <= {p.citation.document for p in ans.passages[:5]}
    assert {s.service for s in ans.sentences} == {"Southend-on-Sea", "East Sussex"}


def test_balance_seats_each_groups_best_hit_in_the_top_without_reordering_the_rest() -> None:
    hits = [Hit(row=r, score=1.0 - r / 100) for r in range(10)]
    groups = np.array([0, 0, 0, 0, 0, 0, 0, 1, 1, -1])
    out = balance(hits, groups, top=5)
    assert [h.row for h in out] == [0, 1, 2, 3, 7, 4, 5, 6, 8, 9]
    # Already balanced, or one group only: unchanged.
    assert balance(out, groups, top=5) == out
    assert balance(hits, np.zeros(10, dtype=np.int32), top=5) == hits


def test_a_rating_question_about_a_service_no_document_rates_gets_no_one_elses_ratings(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    fast_lib_copy.add([incoming_report(tmp_path, NATIONAL, "national-annual-report-2030.txt")])
    assert "Barnet" not in {r.service for r in fast_lib_copy.ratings()}
    ans = fast_lib_copy.ask("How was Barnet rated by inspectors?")
    assert ans.understood.services == ["Barnet"] and ans.ratings == []
    asked = asked_ratings(
        fast_lib_copy._view.ratings_data, "How was Barnet rated by inspectors?", None, ["Barnet"]
    )
    assert asked.ratings == [] and asked.missing == RatingNotRecorded(NotRecorded.SERVICE, ("Barnet",))
    # Without a named service, a rating question still lists every rated service.
    everyone = fast_lib_copy.ask("Which services were rated Inadequate for planning?")
    assert [r.service for r in everyone.ratings] == ["East Sussex"]


@pytest.mark.parametrize(
    "question",
    [
        "What rating did Swansea get for resettlement?",
        "What overall rating did Solihull YJS receive?",
        "How did HMIP rate Darlington's youth offending team?",
        "What is Gateshead's rating?",
        "What rating was Wakefield given?",
        "Which rating did inspectors give North Tyneside?",
        "What did HMIP rate Darlington?",
        "What was the outcome of the inspection of Swansea?",
        "What was Slough's inspection outcome?",
    ],
)
def test_more_ways_of_asking_for_a_rating(question: str) -> None:
    assert rating_ask(question).asks_for_rating


def test_a_question_about_ratings_as_a_topic_asks_for_none() -> None:
    assert not rating_ask("What did inspectors say about rating scales?").asks_for_rating
    assert not rating_ask("What was the outcome 22 work like?").asks_for_rating


def test_a_year_in_a_rating_question_picks_the_ratings_of_that_time(fast_lib: Library) -> None:
    ratings = fast_lib.ratings(service="essex", standard="overall")
    assert ratings, "the corpus states Essex's overall rating"
    year = int((next(d for d in fast_lib.documents if d.document == ratings[0].document).date or "0")[:4])
    asked = asked_ratings(
        fast_lib._view.ratings_data, f"How was Essex rated in {year}?", None, ["Essex"], [year]
    )
    assert asked.ratings and all(r.service == "Essex" for r in asked.ratings)
    # The year after its publication is still that inspection (fieldwork comes months before).
    before = asked_ratings(
        fast_lib._view.ratings_data, f"How was Essex rated in {year - 1}?", None, ["Essex"], [year - 1]
    )
    assert [r.rating for r in before.ratings] == [r.rating for r in asked.ratings]
    # A year no rating of Essex is of: no other time's rating stands in for it (#15); it says so.
    later = asked_ratings(
        fast_lib._view.ratings_data, "How was Essex rated in 2031?", None, ["Essex"], [2031]
    )
    assert later.ratings == [] and later.missing == RatingNotRecorded(NotRecorded.TIME, ("Essex",), ("2031",))


def test_comparing_services_on_a_domain_shows_each_ones_ratings_side_by_side(fast_lib: Library) -> None:
    ans = fast_lib.ask("Compare Southend-on-Sea and East Sussex on out-of-court disposals")
    assert {r.service for r in ans.ratings} == {"Southend-on-Sea", "East Sussex"}
    assert {r.standard_code for r in ans.ratings} == {"3.1", "3.2", "3.3", "3.4"}
    assert ans.answer.startswith("East Sussex: 3.1 Assessment") and "\nSouthend-on-Sea: 3.1" in ans.answer
    # One service, or no domain: no side-by-side ratings.
    assert fast_lib.ask("What did inspectors say about out-of-court disposals in Southend?").ratings == []
    assert fast_lib.ask("Compare Southend-on-Sea and East Sussex").ratings == []


def test_the_kind_filter_narrows_to_documents_of_that_kind(fast_lib: Library) -> None:
    kinds = {d.kind.value for d in fast_lib.documents}
    assert {"press release", "inspection report"} <= kinds
    assert fast_lib.filter_values().kinds == sorted(kinds)
    ans = fast_lib.ask("what did inspectors say about planning?", kind="press")
    assert ans.filters.kinds == ["press release"] and ans.passages
    assert {p.citation.doc_kind.value for p in ans.passages} == {"press release"}
    both = fast_lib.search("planning", kind=["press", "inspection report"], k=20)
    assert {p.citation.doc_kind.value for p in both} <= {"press release", "inspection report"}
    with pytest.raises(UnknownFilterError, match="kind"):
        fast_lib.ask("planning", kind="podcast")
