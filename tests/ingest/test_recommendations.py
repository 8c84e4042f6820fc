"""ingest/extract/recommendations.py: recommendations and whom each is addressed to."""

from __future__ import annotations

from support import REPORT

from yjs_qa import Library


def test_recommendations_with_addressees(fast_lib: Library) -> None:
    recs = fast_lib.recommendations(service="southend")
    assert [r.number for r in recs] == [1, 2, 3, 4, 5, 6, 7]
    kinds = [r.addressee_kind for r in recs]
    assert kinds == ["board chair"] + ["management board"] * 3 + ["head of service"] * 3
    assert recs[0].addressee == "chair of Southend-on-Sea YJS management board"
    assert recs[4].text.startswith("review the risk management policy")
    assert all(r.page == 5 and r.document == REPORT for r in recs)
    sussex = fast_lib.recommendations(service="East Sussex")
    assert [(r.number, r.addressee_kind) for r in sussex] == [
        (1, "youth justice service"),
        (2, "youth justice service"),
        (3, "youth justice service"),
        (4, "police"),
    ]
    # The cabinet's own "is recommended to" list is a decision, not an inspection recommendation.
    assert not [r for r in sussex if "Welcome the findings" in r.text]
    (essex,) = fast_lib.recommendations(service="Essex")
    assert essex.addressee_kind == "Youth Justice Board" and "county lines" in essex.text
