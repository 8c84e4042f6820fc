"""ratings/select.py: filters, and one rating per service and standard from the best source."""

from __future__ import annotations

import pytest
from support import REPORT

from yjs_qa import Library, UnknownFilterError

RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741


def test_filters_and_unique_best_source(fast_lib: Library) -> None:
    inadequate = fast_lib.ratings(standard="2.1", rating="inadequate")
    assert [(r.service, r.standard_code) for r in inadequate] == [("Southend-on-Sea", "2.1")]
    planning = fast_lib.ratings(service="east sussex", standard="planning")
    assert [(r.standard_code, r.rating) for r in planning] == [("2.2", I), ("3.2", RI)]
    # Southend's overall rating is stated by the report and the press release; unique keeps the report's.
    assert len(fast_lib.ratings(service="southend", standard="overall")) == 2
    (best,) = fast_lib.ratings(service="southend", standard="overall", unique=True)
    assert best.document == REPORT and best.score == 16
    with pytest.raises(UnknownFilterError):
        fast_lib.ratings(rating="excellent")
    with pytest.raises(UnknownFilterError):
        fast_lib.ratings(standard="9.9")


def test_every_document_kind_has_a_source_rank() -> None:
    from yjs_qa.models import DocKind
    from yjs_qa.ratings.select import KIND_RANK

    assert set(KIND_RANK) == set(DocKind)
