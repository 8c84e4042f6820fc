"""query/answer_type.py: what kind of answer a question asks for, and whether a sentence states one."""

from __future__ import annotations

import pytest

from yjs_qa.query.answer_type import _LEADS, expected, states


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
