"""Question understanding, steering, spreading across services, and saying "not found"."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import incoming_report
from typer.testing import CliRunner

from yjs_qa import Library
from yjs_qa.cli.app import app
from yjs_qa.models import AnswerSentence
from yjs_qa.query import plan
from yjs_qa.query.answer_type import _LEADS, expected, states
from yjs_qa.query.compose import answer_text
from yjs_qa.query.expand import expansions, keyword_question
from yjs_qa.query.policy import RATING_NOTES
from yjs_qa.query.rank import spread
from yjs_qa.query.retrieve import Hit
from yjs_qa.query.understand import names, understand
from yjs_qa.ratings.answers import asked_ratings
from yjs_qa.settings import SETTINGS
from yjs_qa.testing import HashEmbedder

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


def test_spread_keeps_the_top_three_and_brings_other_services_up_below_them() -> None:
    scores = [1.0, 0.99, 0.98, 0.97, 0.96, 0.9, 0.5]
    hits = [Hit(row=i, score=s) for i, s in enumerate(scores)]
    groups: list[str | None] = ["A", "A", "A", "A", "A", "B", "C"]
    order = [h.row for h in spread(hits, groups, penalty=0.85)]
    assert order[:3] == [0, 1, 2]  # the best three are never moved
    assert order[3] == 5  # B's best comes up ahead of A's fourth and fifth
    assert sorted(order) == list(range(7))


def test_answer_groups_sentences_by_service() -> None:
    def s(text: str, n: int, service: str) -> AnswerSentence:
        return AnswerSentence(
            text=text, passage=n, passage_id=str(n), start=0, end=len(text), score=0.5, service=service
        )

    text = answer_text([s("One.", 1, "Kent"), s("Two.", 2, "Essex"), s("Three.", 3, "Kent")])
    assert text.splitlines() == ["Kent: One. [1] Three. [3]", "Essex: Two. [2]"]
    assert answer_text([s("One.", 1, "Kent")]) == "One. [1]"


def test_cli_shows_what_was_understood_and_not_found(
    fast_lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Library, "open", classmethod(lambda cls, index, **kw: fast_lib))
    result = CliRunner().invoke(app, ["ask", "victim work in Cardiff", "--index", str(fast_lib.index_dir)])
    assert result.exit_code == 0, result.output
    assert "Understood: Cardiff (not found)" in result.output
    assert "No passage in the corpus answers this" in result.output
    assert "Nearest passages" in result.output


# --- what a question asks for, and what the corpus covers ------------------------------------


def test_a_money_word_that_does_not_end_the_phrase_asks_for_no_money() -> None:
    # "cost effective" is a quality, not a cost: this is a topic question.
    assert expected("What is known about whether diversion is cost effective?") is None


@pytest.mark.parametrize(
    ("question", "kind", "counted"),
    [
        ("In what percentage of cases was planning good?", "a percentage", ()),
        ("How long do children wait for an appropriate adult?", "a length of time", ()),
        ("How many hours of unpaid work were done?", "a length of time", ()),
        ("How much funding did the service receive?", "an amount of money", ()),
        ("What is the Newtown youth justice service's annual budget?", "an amount of money", ()),
        ("What was the cost of the new panel?", "an amount of money", ()),
        ("How many volunteers does the service have?", "a number", ("volunteers",)),
        ("How many cases did inspectors look at?", "a number", ("cases",)),
        (
            "How many of the Southend out-of-court disposal cases were resolutions?",
            "a number",
            ("out-of-court", "disposal", "cases"),
        ),
        ("How many volunteers work with the East Sussex service?", "a number", ("volunteers", "work")),
        ("How many people live in Southend-on-Sea?", "a number", ()),  # residents, staff, children...
        ("What is the average caseload?", "a number", ()),
        ("What is the reoffending rate in Kent?", "a number", ()),
        ("What is the number of first-time entrants?", "a number", ()),
        # How far a figure moved: any number answers, whatever stands next to it.
        ("By how much did the number of first-time entrants fall?", "a change", ()),
        ("How much has reoffending fallen in Kent since 2019?", "a change", ()),
    ],
)
def test_quantity_questions_say_what_they_expect(question: str, kind: str, counted: tuple[str, ...]) -> None:
    e = expected(question)
    assert e is not None and e.name == kind and e.counted == counted


@pytest.mark.parametrize(
    "question",
    ["How well did planning go?", "How much progress has Kent made?", "What is the role of the board?"],
)
def test_other_questions_expect_no_quantity(question: str) -> None:
    assert expected(question) is None


def test_evidence_must_state_the_quantity_and_what_it_counts() -> None:
    change = expected("By how much did the number of first-time entrants fall in Wigan?")
    assert change is not None
    assert states(change, "Children entering the system for the first time fell by 31 per cent in 2018.")
    assert not states(change, "First-time entrants fell between 2016 and 2018.")  # years are not answers
    volunteers = expected("How many volunteers does it have?")
    assert volunteers is not None
    assert states(volunteers, "The YJS has 5 YJS staff and 16 volunteers.")
    assert not states(volunteers, "The YJS has 16 staff. Volunteers feel valued.")
    cases = expected("How many cases showed diversity analysis?")
    assert cases is not None and states(cases, "14 out of 18 cases showing that diversity issues")
    percentage = expected("What percentage of cases kept the child safe?")
    assert percentage is not None
    assert states(percentage, "keeping the child safe? 44%") and states(percentage, "31 per cent kept safe")
    assert not states(percentage, "Most cases kept the child safe.")
    # Section numbers, list numbers and dates are not answers.
    number = expected("What is the average caseload?")
    assert number is not None
    assert not states(number, "5. HM Inspectorate of Probation is the independent inspector.")
    assert not states(number, "published on 17 September 2024")
    assert states(number, "2.3 The average caseload was 12 children.")
    assert not states(number, "2.3 During the inspection week the inspectors reviewed 37 cases.")
    # A rate or an average must stand near what it measures, on either side.
    rate = expected("What is the reoffending rate in Kent?")
    assert rate is not None and rate.measured == ("reoffending",)
    assert states(rate, "Kent's rate of re-offending (34%) is lower than the national average")
    assert states(rate, "34% of children reoffended within a year")
    assert not states(rate, "The overall rating is Good (25/36).")
    assert not states(
        rate, "Reoffending is falling, and over the years the service has grown to 16 volunteers."
    )
    # A percentage must stand near what it is of; services and units ("children") do not say that.
    poor = expected("What percentage of Kent's children live in low-income families?")
    assert poor is not None and poor.measured == ("live", "low-income", "families")
    assert states(poor, "19 per cent of Southend-on-Sea's children live in low-income families.")
    assert not states(poor, "Kent's rate of re-offending among children (34%) is below average.")
    # A score is a fraction or a number the text calls a score.
    score = expected("What overall score out of 36 did Kent receive?")
    assert score is not None and score.name == "a score"
    assert states(score, "Overall Rating; Good (25/36)") and states(score, "Score 16/36")
    assert not states(score, "rated on a scale of four categories; its points were then tallied up")
    staff = expected("How many staff does the service employ?")
    assert staff is not None
    assert not states(staff, "a significant impact of Covid-19 on staff")  # a number glued to a word
    assert states(staff, "There are 17.5 YJS staff and 16 volunteers.")


def test_a_region_without_an_indexed_service_is_not_found(fast_lib: Library) -> None:
    u = understand("What do inspectors say about curfews in Wales?", ["Kent"])
    assert u.regions == ["Wales"]
    assert understand("the north west of the county", ["Kent"]).regions == []
    ans = fast_lib.ask("What do inspectors say about planning in Wales?")
    assert not ans.found and "Wales" in (ans.note or "")
    assert ans.understood.applied.get("regions") == "not found"


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


# --- #15: answer types for ratings and role-holders, and what the named services' documents cover ----


@pytest.mark.parametrize(
    ("question", "kind", "role"),
    [
        ("Who chairs the Wigan management board?", "the holder of a role", ("chair",)),
        ("Who led the inspection of Wigan?", "the holder of a role", _LEADS),
        ("Who currently heads the service?", "the holder of a role", _LEADS),
    ],
)
def test_role_questions_say_what_they_expect(question: str, kind: str, role: tuple[str, ...]) -> None:
    e = expected(question)
    assert e is not None and e.name == kind and e.role == role


@pytest.mark.parametrize(
    "question",
    [
        "What is the rating system?",
        "Who sits on the panel?",
        "Who is the inspector?",
        # a rating question is answered by the ratings data, or says the rating is not recorded
        "How was Wigan's youth justice service rated?",
    ],
)
def test_questions_that_ask_for_no_role_holder_or_quantity(question: str) -> None:
    assert expected(question) is None


def test_evidence_for_a_role_holder_and_a_count_of_ratings() -> None:
    chair = expected("Who chairs the board?")
    assert chair is not None and states(chair, "The board is chaired by the director of children's services.")
    assert not states(chair, "The board meets every quarter with its partners.")
    leads = expected("Who leads the Wigan youth justice service?")
    assert leads is not None and states(leads, "Jane Smith, the head of service, met the inspectors.")
    count = expected("How many of Wigan's standards were rated Good?")
    assert count is not None and count.rating_words == ("good",)
    assert states(count, "It received seven ‘Good’ ratings across a number of standards.")
    assert not states(count, "Wigan has 12 staff.")


WIGAN_RELEASE = (
    "Wigan Youth Justice Service rated 'Good'\n\n"
    "Published 3 March 2024. Wigan Youth Justice Service has been rated 'Good' by HM Inspectorate of "
    "Probation.\n\n"
    "Inspectors found that work with children on court orders was well planned, and the service "
    "worked well with the courts and with the police.\n\n"
    "The management team meets every month with its partners in health and education. Its last "
    "inspection before this one was in 2017."
)


@pytest.fixture
def wigan(fast_lib_copy: Library, tmp_path: Path) -> Library:
    fast_lib_copy.add([incoming_report(tmp_path, WIGAN_RELEASE, "wigan-2024-press-release.txt")])
    return Library.open(fast_lib_copy.index_dir, embedder=HashEmbedder())


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


def test_a_later_inspections_rating_outranks_an_earlier_report(wigan: Library, tmp_path: Path) -> None:
    report = (
        "An inspection of youth offending services in Wigan\n\nPublished June 2019\n\n"
        "Wigan Youth Justice Service was rated 'Inadequate' by the inspectors.\n"
    )
    wigan.add([incoming_report(tmp_path, report, "wigan-2019-report.txt")])
    lib = Library.open(wigan.index_dir, embedder=HashEmbedder())
    kinds = {d.document: d.kind.value for d in lib.documents}
    assert kinds["wigan-2019-report.txt"] == "inspection report"
    assert {r.rating for r in lib.ratings(service="wigan", standard="overall")} == {"Good", "Inadequate"}
    # a report outranks a press release of the same inspection, not one five years later
    (latest,) = lib.ratings(service="wigan", standard="overall", unique=True)
    assert (latest.rating, latest.document) == ("Good", "wigan-2024-press-release.txt")
    assert [r.rating for r in lib.ask("How was Wigan rated?", k=5).ratings] == ["Good"]
    assert [r.rating for r in lib.ask("How was Wigan rated in 2019?", k=5).ratings] == ["Inadequate"]


def test_an_undated_rating_counts_for_a_year_only_where_none_is_dated_to_it(
    wigan: Library, tmp_path: Path
) -> None:
    undated = {
        "bolton-news.txt": "Bolton news\n\nBolton Youth Justice Service was rated 'Good'.\n",
        "wigan-undated-report.txt": "An inspection of youth offending services in Wigan\n\n"
        "Wigan YJS was rated 'Inadequate'.\n",
    }
    wigan.add([incoming_report(tmp_path, text, name) for name, text in undated.items()])
    lib = Library.open(wigan.index_dir, embedder=HashEmbedder())
    assert all(d.date is None for d in lib.documents if d.document in undated)

    def rated(service: str, year: int) -> list[tuple[str, str]]:
        asked = asked_ratings(
            lib._view.ratings_data, f"How was {service} rated in {year}?", None, [service], [year]
        )
        assert asked.missing is None
        return [(r.rating, r.document) for r in asked.ratings]

    assert rated("Bolton", 2019) == [("Good", "bolton-news.txt")]  # not ruled out by the year
    assert rated("Wigan", 2024) == [("Good", "wigan-2024-press-release.txt")]  # dated to then wins
    assert rated("Wigan", 2017) == [("Inadequate", "wigan-undated-report.txt")]  # only it may be of then
