"""Rank: boosts, spreading across services, near-duplicates kept apart."""

from __future__ import annotations

import re
from collections import deque

import numpy as np

from yjs_qa.index.store import IndexData
from yjs_qa.query.retrieve import Hit

DEDUP_TOP = 3  # near-duplicates may not share these top positions
SHINGLE_CONTAINMENT = 0.5  # share of the shorter passage's 3-grams found in the longer one
DUPLICATE_COSINE = 0.92
SPREAD_PENALTY = 0.96  # each earlier pick from the same service multiplies a hit's score by this
SPREAD_WINDOW = 50  # how far down the list spreading looks
SPREAD_KEEP = 3  # the top hits are never moved by spreading


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def near_duplicate(a_text: str, b_text: str, a_vec: np.ndarray, b_vec: np.ndarray) -> bool:
    """Same content twice: mostly the same word 3-grams, or near-identical embeddings."""
    if float(np.dot(a_vec, b_vec)) >= DUPLICATE_COSINE:
        return True
    a, b = _shingles(a_text), _shingles(b_text)
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SHINGLE_CONTAINMENT


def diversify(data: IndexData, hits: list[Hit], top: int = DEDUP_TOP) -> list[Hit]:
    """Keep near-duplicates (a press release repeating its report) out of the top positions.

    A duplicate is not dropped: it moves down to just below the first `top` distinct hits. Everything
    below keeps the order it came in (which spreading may have set).
    """
    head: list[tuple[Hit, str, np.ndarray]] = []  # each kept hit with its text and vector, read once
    for hit in hits:
        if len(head) >= top:
            break
        text = data.passages[hit.row].text
        vec = data.vector(hit.row)
        if not any(near_duplicate(text, t, vec, v) for _, t, v in head):
            head.append((hit, text, vec))
    kept = [h for h, _, _ in head]
    chosen = {id(h) for h in kept}
    return kept + [h for h in hits if id(h) not in chosen]


def apply_boost(hits: list[Hit], boost: np.ndarray | None) -> list[Hit]:
    """Multiply each hit's fused score by its row's boost, and re-rank."""
    if boost is None:
        return hits
    for hit in hits:
        hit.score *= float(boost[hit.row])
    return sorted(hits, key=lambda h: (-h.score, h.row))


def spread(hits: list[Hit], group_of: list[str | None], penalty: float = SPREAD_PENALTY) -> list[Hit]:
    """Re-rank so that one service does not fill the top when others have evidence (greedy MMR).

    A hit's score is discounted by `penalty` for each hit of its service already placed above it.
    """
    # The best few stay where they are: spreading should add breadth below them, not displace them.
    placed = hits[:SPREAD_KEEP]
    window, rest = hits[SPREAD_KEEP:SPREAD_WINDOW], hits[SPREAD_WINDOW:]
    counts: dict[str | None, int] = {}
    for h in placed:
        counts[group_of[h.row]] = counts.get(group_of[h.row], 0) + 1
    # A service's hits share one discount, so only each service's best remaining hit can be picked
    # next: one queue per service, best first, instead of rescoring the whole window at every pick.
    queues: dict[str | None, deque[Hit]] = {}
    for h in sorted(window, key=lambda h: (-h.score, h.row)):
        queues.setdefault(group_of[h.row], deque()).append(h)

    def discounted(group: str | None) -> tuple[float, int]:
        head = queues[group][0]
        return head.score * penalty ** counts.get(group, 0), -head.row

    while queues:
        group = max(queues, key=discounted)
        placed.append(queues[group].popleft())
        if not queues[group]:
            del queues[group]
        counts[group] = counts.get(group, 0) + 1
    return placed + rest
