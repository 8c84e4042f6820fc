"""query/understand.py: what a question names, and how each part steers the search."""

from __future__ import annotations

import pytest

from yjs_qa import Library
from yjs_qa.query.expand import expansions, keyword_question
from yjs_qa.query.understand import names, understand

INDEXED = ["East Sussex", "Essex", "Kent", "Southend-on-Sea"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "what did inspectors say about contingency planning in Southend?",
            {"services": ["Southend-on-Sea"]},
        ),
        ("out-of-court disposals in Kent", {"services": ["Kent"], "domains": ["Out-of-court disposals"]}),
        ("how good is OOCD policy?", {"domains": ["Out-of-court disposals"]}),
        ("work on court orders", {"domains": ["Court disposals"]}),
        ("education in Essex in 2018", {"services": ["Essex"], "years": [2018]}),
        ("How was Barnet YJS rated?", {"unknown_services": ["Barnet"], "rating_question": True}),
        ("Newtown YOT planning", {"unknown_services": ["Newtown"]}),
        (
            "governance and leadership in East Sussex",
            {"services": ["East Sussex"], "standards": ["1.1 Governance and leadership"]},
        ),
        (
            "how was Essex rated for planning?",
            {"services": ["Essex"], "rating_question": True, "standards": ["2.2 Planning", "3.2 Planning"]},
        ),
    ],
)
def test_understand_reads_what_the_question_names(question: str, expected: dict[str, object]) -> None:
    got = understand(question, INDEXED).model_dump(exclude_defaults=True)
    assert got == expected


def test_everyday_words_are_not_services_and_planning_alone_is_not_a_standard() -> None:
    u = understand("reading about contingency planning and good practice", INDEXED)
    assert u.services == [] and u.unknown_services == []
    assert u.standards == [] and u.ratings == []


def test_a_service_named_in_the_question_narrows_the_search(fast_lib: Library) -> None:
    ans = fast_lib.ask("what did inspectors say about victims in Kent?", k=5)
    assert ans.understood.applied["services"] == "filter"
    assert ans.filters.services == ["Kent"]
    assert ans.passages and all(p.citation.service == "Kent" for p in ans.passages)


def test_lay_words_add_report_terms_to_the_keyword_search(fast_lib: Library) -> None:
    assert "custody custodial secure establishment" in expansions("Were youngsters visited while locked up?")
    assert expansions("Were youngsters visited while locked up?")[0] == "child children"
    assert expansions("How was planning rated?") == []
    assert expansions("the schooling of children") == []  # whole words only: "school", not "schooling"
    ans = fast_lib.ask("Did a cop work with the team?")
    assert ans.understood.expanded == ["police seconded"]
    assert ans.understood.applied["expanded"] == "keyword search"
    assert any("police" in p.text.lower() for p in ans.passages[:3])


def test_the_question_frame_is_not_searched_for_as_keywords() -> None:
    assert "inspectors" not in keyword_question("What did inspectors say about contingency planning?")
    assert "contingency planning" in keyword_question("What did inspectors say about contingency planning?")
    plain = "How did the service keep people safe?"
    assert keyword_question(plain) == plain


def test_days_and_months_are_not_names(fast_lib: Library) -> None:
    assert names("Does anyone check on workers out alone on a Saturday?") == {}
    assert names("What happened at HMP Berwyn in May?") == {"HMP Berwyn": ["HMP", "Berwyn"]}
    ans = fast_lib.ask("Does anyone check on staff who visit children on a Saturday?")
    assert ans.understood.unknown_names == [] and "unknown_names" not in ans.understood.applied


def test_england_and_wales_covers_the_english_services(fast_lib: Library) -> None:
    # The inspectorate's remit is "England and Wales": naming it does not ask about Wales alone.
    u = understand("Who inspects youth justice in England and Wales?", ["Kent"])
    assert sorted(u.regions) == ["England", "Wales"]
    ans = fast_lib.ask("Who inspects youth offending teams in England and Wales?")
    assert ans.understood.applied.get("regions") != "not found"
