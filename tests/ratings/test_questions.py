"""ratings/questions.py: whether a question asks for a rating, and which services, standards and rating
it names.
"""

from __future__ import annotations

import pytest

from yjs_qa.knowledge import framework as F
from yjs_qa.query.understand import understand
from yjs_qa.ratings.questions import RatingAsk, is_rating_question, rating_ask, rating_query

RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("how was East Sussex rated for planning?", True),
        ("which services were Inadequate on 2.1 Assessment?", True),
        ("What was the overall rating for Kent?", True),
        # A score is not a rating: where none is stated, the question is "not found" (gold, held-out
        # and realdev no-answer questions ask for scores of services only rated).
        ("what score did Southend get?", False),
        ("what did inspectors say about contingency planning?", False),
        ("How good was planning in Southend?", False),
        ("did case workers go and see youngsters while they were locked up?", False),
        ("how did children rate the service they received?", False),
    ],
)
def test_rating_questions_are_detected_conservatively(question: str, asks: bool) -> None:
    assert is_rating_question(question) is asks


def test_rating_question_names_services_standards_and_rating() -> None:
    services = ["East Sussex", "Southend-on-Sea", "Kent", "Essex"]
    known = [s.label for s in F.STANDARDS]
    q = rating_query("how was East Sussex rated for planning?", services, known)
    assert q is not None and (q.services, q.standards, q.rating) == (
        ["East Sussex"],
        ["2.2 Planning", "3.2 Planning"],
        None,
    )
    q = rating_query("how was southend rated on out-of-court planning?", services, known)
    assert q is not None and (q.services, q.standards) == (["Southend-on-Sea"], ["3.2 Planning"])
    q = rating_query("which services were Inadequate on 2.1 Assessment?", services, known)
    assert q is not None and (q.services, q.standards, q.rating) == ([], ["2.1 Assessment"], I)
    q = rating_query("How was Kent rated?", services, known)
    assert q is not None and q.standards == [None]


# A report under the 2025 framework numbers and names its own standards.
OWN = ["1.1 Leadership", "1.2 Workforce", "1.4 Services for children", "2.1 Work with children"]


@pytest.mark.parametrize(
    ("question", "standards"),
    [
        ("How was Hartlepool rated on its work with children?", ["2.1 Work with children"]),
        ("How was Hartlepool rated for services for children?", ["1.4 Services for children"]),
        # A framework alias finds the report's standard of that number and name, and the framework's.
        ("How was Hartlepool rated on workforce?", ["1.2 Staff", "1.2 Workforce"]),
        # The framework's 2.1 Assessment is not the report's 2.1 Work with children.
        ("How was Hartlepool rated for assessment?", ["2.1 Assessment", "3.1 Assessment"]),
        ("Which services were rated Inadequate on 2.1?", ["2.1 Assessment", "2.1 Work with children"]),
        ("Which services were rated Inadequate on 2.1 Assessment?", ["2.1 Assessment"]),
    ],
)
def test_rating_question_reads_a_reports_own_standards(question: str, standards: list[str]) -> None:
    q = rating_query(question, ["Hartlepool"], [*(s.label for s in F.STANDARDS), *OWN])
    assert q is not None and q.standards == standards


@pytest.mark.parametrize(
    ("question", "mentions", "asks"),
    [
        ("How was Kent rated?", True, True),
        ("Which services were judged inadequate?", False, True),  # asks, with no rating noun
        ("What did inspectors say about their judgement of risk?", True, False),  # a rating noun, no ask
        ("How good was planning in Southend?", False, False),
    ],
)
def test_one_detector_says_whether_a_question_mentions_or_asks_for_a_rating(
    question: str, mentions: bool, asks: bool
) -> None:
    assert rating_ask(question) == RatingAsk(mentions_rating=mentions, asks_for_rating=asks)
    assert understand(question, []).rating_question is mentions
