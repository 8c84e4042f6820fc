"""query/rank.py's spreading and query/compose.py's answer: several services each speak."""

from __future__ import annotations

from yjs_qa.models import AnswerSentence
from yjs_qa.query.compose import answer_text
from yjs_qa.query.rank import spread
from yjs_qa.query.retrieve import Hit


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
