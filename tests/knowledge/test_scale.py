"""knowledge/scale.py: one table of ratings, their wordings, codes and bands."""

from __future__ import annotations

import re

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge import scale

RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741


# Every wording of 'Requires improvement' a report, a question or a filter might use.
WORDINGS = [
    "outstanding", "good", "inadequate", "requires improvement", "requires improvements",
    "require improvement", "require improvements", "required improvement", "required improvements",
]  # fmt: skip


def test_one_scale_reads_every_wording_whole_and_names_each_rating_once() -> None:
    # Every reader (reports, questions, filters) takes the same wordings from knowledge/scale.py.
    pattern = re.compile(rf"(?:{scale.rating_words()})", re.IGNORECASE)
    for w in [*WORDINGS, "requiring improvement"]:
        m = pattern.fullmatch(w.title())
        assert m is not None, w
    # Longest first: "requires improvements" is read whole, not as "requires improvement".
    m = re.match(scale.rating_words(), "requires improvements")
    assert m is not None and m.group(0) == "requires improvements"
    named = {w: r.name for w in WORDINGS if (r := scale.rating_for(w.upper()))}
    assert named == {
        "outstanding": O, "good": G, "inadequate": I, "requires improvement": RI,
        "requires improvements": RI, "require improvement": RI, "require improvements": RI,
        "required improvement": RI, "required improvements": RI,
    }  # fmt: skip
    assert scale.rating_for("‘Requiring improvement’") is not None
    assert scale.short_codes() == {O: "O", G: "G", RI: "RI", I: "I"}
    assert scale.SCORE_BANDS == ((0, 6, I), (7, 18, RI), (19, 30, G), (31, 36, O))
    assert [scale.band_for_percent(p) for p in (80, 79, 65, 64, 50, 49)] == [O, G, G, RI, RI, I]
    assert [s.label for s in F.FRAMEWORK_2025.standards][-2:] == [
        "2.1 Work with children",
        "3.1 Work with victims",
    ]
