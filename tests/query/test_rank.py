"""Score fusion and sentence re-ranking: the rules that order the passages."""

from __future__ import annotations

import numpy as np
import pytest

from yjs_qa.query.rank import spread
from yjs_qa.query.retrieve import Hit, fuse
from yjs_qa.query.sentence_scores import rerank_scores, sentence_evidence


def test_a_clear_dense_winner_with_no_shared_word_is_not_buried() -> None:
    # Row 1 is the model's clear first choice but shares no word with the question; rows 2-4 are
    # middling in both lists. Rank fusion would put rows 2-4 above it (1/62 + 1/63 > 1/61);
    # score fusion keeps the margin, so row 1 stays on top.
    dense, keyword = [1, 5, 2, 3, 4], [6, 2, 3, 4]
    rows = [1, 5, 2, 3, 4, 6]
    cos = np.array([0.81, 0.50, 0.45, 0.44, 0.43, 0.20], dtype=np.float32)
    bm25 = np.array([0.0, 0.0, 4.0, 3.9, 3.8, 10.0], dtype=np.float32)
    hits = fuse(dense, keyword, cos, bm25)
    order = [h.row for h in hits]
    assert sorted(order) == sorted(rows)
    assert order[0] == 1
    assert order.index(1) < min(order.index(r) for r in (2, 3, 4))
    assert hits[0].dense_rank == 1 and hits[0].keyword_rank is None


def test_fusion_with_one_list_keeps_its_order() -> None:
    cos = np.array([0.9, 0.7, 0.5], dtype=np.float32)
    hits = fuse([7, 8, 9], [], cos, np.zeros(3, dtype=np.float32))
    assert [h.row for h in hits] == [7, 8, 9]
    hits = fuse([], [4, 5], np.zeros(2, dtype=np.float32), np.array([3.0, 1.0], dtype=np.float32))
    assert [h.row for h in hits] == [4, 5]
    assert fuse([], [], np.zeros(0), np.zeros(0)) == []


def test_fused_scores_are_a_convex_combination() -> None:
    # Candidates in order: dense's rows, then keyword's new ones: rows 0, 2, 1.
    cos = np.array([0.6, 0.4, 0.2], dtype=np.float32)
    bm25 = np.array([0.0, 1.0, 2.0], dtype=np.float32)
    hits = {h.row: h for h in fuse([0, 2, 1], [1, 2], cos, bm25, weight=0.5)}
    # min-max: dense (1, 0, .5), keyword (0, 1, .5) for rows 0, 1, 2
    assert hits[0].score == pytest.approx(0.5)
    assert hits[1].score == pytest.approx(0.5)
    assert hits[2].score == pytest.approx(0.5)
    assert all(0.0 <= h.score <= 1.0 for h in hits.values())
    assert hits[1].keyword_score == pytest.approx(2.0) and hits[0].dense_score == pytest.approx(0.6)


def test_a_passage_with_a_sentence_that_answers_moves_up() -> None:
    fused = [1.0, 0.9, 0.8]
    combined = rerank_scores(fused, [0.30, 0.70, 0.35])
    assert max(range(3), key=lambda i: combined[i]) == 1
    # Equal sentences: the fused order stands.
    same = rerank_scores(fused, [0.5, 0.5, 0.5])
    assert same == sorted(same, reverse=True)


def test_a_ratings_table_is_neither_lifted_nor_sunk_by_sentence_evidence() -> None:
    # A table's "sentence" reads nothing like a question; it takes the best prose score instead.
    evidence = sentence_evidence([0.6, 0.25, None, 0.4], [False, True, False, False])
    assert evidence == [0.6, 0.6, 0.0, 0.4]
    assert sentence_evidence([0.3], [True]) == [0.0]  # nothing to compare with: no evidence
    combined = rerank_scores([0.9, 1.0, 0.5, 0.8], evidence)
    assert max(range(4), key=lambda i: combined[i]) == 1  # the table keeps its lead on passage score


def test_spread_picks_what_rescoring_the_whole_window_each_step_would() -> None:
    import random

    from yjs_qa.settings import SETTINGS

    SPREAD_KEEP, SPREAD_WINDOW = SETTINGS.query.spread_keep, SETTINGS.query.spread_window

    def reference(hits: list[Hit], group_of: list[str | None], penalty: float) -> list[Hit]:
        placed, window = hits[:SPREAD_KEEP], hits[SPREAD_KEEP:SPREAD_WINDOW]
        counts: dict[str | None, int] = {}
        for h in placed:
            counts[group_of[h.row]] = counts.get(group_of[h.row], 0) + 1
        while window:
            best = max(window, key=lambda h: (h.score * penalty ** counts.get(group_of[h.row], 0), -h.row))
            window.remove(best)
            placed.append(best)
            counts[group_of[best.row]] = counts.get(group_of[best.row], 0) + 1
        return placed + hits[SPREAD_WINDOW:]

    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(0, 70)
        scores = [round(rng.random(), 2) for _ in range(n)]  # rounded: ties happen
        hits = sorted((Hit(row=i, score=s) for i, s in enumerate(scores)), key=lambda h: (-h.score, h.row))
        groups: list[str | None] = [rng.choice(["A", "B", "C", None]) for _ in range(n)]
        penalty = rng.choice([0.5, 0.85, 0.96])
        assert [h.row for h in spread(list(hits), groups, penalty)] == [
            h.row for h in reference(list(hits), groups, penalty)
        ]
