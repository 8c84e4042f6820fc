"""Filters resolved from per-version columns agree with the scan over every passage they replace."""

from __future__ import annotations

import pytest
from builders import scan_columns

from yjs_qa import FilterSpec, Library
from yjs_qa.query.filters import resolve

CASES = [
    {"service": "southend"},
    {"domain": "court disposals"},
    {"standard": "planning"},
    {"service": ["kent", "southend"], "domain": "2"},
    {"service": "southend", "standard": "2.2"},
    {"domain": "ooc", "standard": "planning"},
]


@pytest.mark.parametrize("case", CASES)
def test_columns_resolve_and_mask_like_the_scan(fast_lib: Library, case: dict[str, object]) -> None:
    passages = fast_lib.passages
    docs = {d.document: d for d in fast_lib.documents}
    services_of = [docs[p.document].service for p in passages]
    columns = scan_columns(passages, services_of, docs)
    # The columns hold exactly the values a scan over every passage finds.
    assert columns.values == {
        "service": sorted({s for s in services_of if s}),
        "domain": sorted({p.domain for p in passages if p.domain}),
        "standard": sorted({p.standard for p in passages if p.standard}),
        "kind": sorted({docs[p.document].kind.value for p in passages}),
    }
    fast = resolve(columns, FilterSpec.of(**case))  # type: ignore[arg-type]
    assert fast.active
    want = [
        (not fast.services or s in fast.services)
        and (not fast.domains or p.domain in fast.domains)
        and (not fast.standards or p.standard in fast.standards)
        for p, s in zip(passages, services_of, strict=True)
    ]
    got = columns.mask(fast)
    assert got.tolist() == want
    assert 0 < got.sum() < len(passages)  # the filter selects something, and not everything
