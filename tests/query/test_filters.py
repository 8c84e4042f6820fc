"""Forgiving filter values resolve to exact index values; filtered searches keep only matches."""

from __future__ import annotations

import pytest
from builders import scan_columns

from yjs_qa import Filters, FilterSpec, Library, UnknownFilterError
from yjs_qa.knowledge.filter_values import FilterValue
from yjs_qa.query.filters import resolve as resolve_filters

SERVICES = ["East Sussex", "Essex", "Kent", "Southend-on-Sea"]
DOMAINS = ["Court disposals", "Organisational delivery", "Out-of-court disposals", "Resettlement"]


def resolve(lib: Library, **kwargs: FilterValue) -> Filters:
    """Resolve filters against the index the way Library.search does."""
    docs = {d.document: d for d in lib.documents}
    columns = scan_columns(lib.passages, [docs[p.document].service for p in lib.passages])
    return resolve_filters(columns, FilterSpec.of(**kwargs))


# --- service --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["southend", "Southend-on-Sea", "SOUTHEND", "Southend on Sea", " southend "]
)
def test_service_forms_resolve_to_southend(fast_lib: Library, value: str) -> None:
    assert resolve(fast_lib, service=value).services == ["Southend-on-Sea"]


@pytest.mark.parametrize(
    ("value", "expected"), [("essex", "Essex"), ("KENT", "Kent"), ("east sussex", "East Sussex")]
)
def test_other_services_resolve(fast_lib: Library, value: str, expected: str) -> None:
    assert resolve(fast_lib, service=value).services == [expected]


def test_essex_does_not_also_match_east_sussex(fast_lib: Library) -> None:
    assert resolve(fast_lib, service="Essex").services == ["Essex"]


@pytest.mark.parametrize("value", ["Essex YOS", "Southend-on-Sea YJS"])
def test_service_with_a_yos_or_yjs_suffix_resolves(fast_lib: Library, value: str) -> None:
    """Users type the service as its reports name it; the suffix must not make it unknown."""
    resolved = resolve(fast_lib, service=value).services
    assert resolved == [value.rsplit(" ", 1)[0]]


def test_several_services_at_once(fast_lib: Library) -> None:
    assert resolve(fast_lib, service=["kent", "southend", "Kent"]).services == ["Kent", "Southend-on-Sea"]


# --- domain ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["court disposals", "Court disposals", "2", "two", "Court", "domain 2", "Domain two", "court orders"],
)
def test_court_forms_resolve_to_court_disposals_only(fast_lib: Library, value: str) -> None:
    assert resolve(fast_lib, domain=value).domains == ["Court disposals"]


@pytest.mark.parametrize("value", ["out-of-court", "ooc", "Out of court disposals", "3", "three", "OOCD"])
def test_out_of_court_forms_resolve_to_out_of_court_only(fast_lib: Library, value: str) -> None:
    assert resolve(fast_lib, domain=value).domains == ["Out-of-court disposals"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", "Organisational delivery"),
        ("organisational", "Organisational delivery"),
        ("resettlement", "Resettlement"),
        ("four", "Resettlement"),
    ],
)
def test_other_domains_resolve(fast_lib: Library, value: str, expected: str) -> None:
    assert resolve(fast_lib, domain=value).domains == [expected]


# --- standard -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2.2", "2.2 Planning", "2.2. planning"])
def test_standard_code_resolves_to_one_standard(fast_lib: Library, value: str) -> None:
    assert resolve(fast_lib, standard=value).standards == ["2.2 Planning"]


@pytest.mark.parametrize("value", ["planning", "Planning", "PLANNING"])
def test_standard_name_resolves_to_every_standard_of_that_name(fast_lib: Library, value: str) -> None:
    assert resolve(fast_lib, standard=value).standards == ["2.2 Planning", "3.2 Planning"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("governance", ["1.1 Governance and leadership"]),
        ("reviewing", ["2.4 Reviewing"]),
        ("assessment", ["2.1 Assessment", "3.1 Assessment"]),
        ("4.1", ["4.1 Resettlement policy and provision"]),
    ],
)
def test_standard_aliases(fast_lib: Library, value: str, expected: list[str]) -> None:
    assert resolve(fast_lib, standard=value).standards == expected


# --- unknown values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("service", "narnia", SERVICES),
        ("domain", "domain nine", DOMAINS),
        ("domain", "narnia", DOMAINS),
        ("standard", "9.9", ["2.2 Planning", "3.4 Out-of-court disposal policy and provision"]),
        ("standard", "narnia", ["1.1 Governance and leadership"]),
    ],
)
def test_unknown_values_raise_with_the_valid_values(
    fast_lib: Library, field: str, value: str, valid: list[str]
) -> None:
    with pytest.raises(UnknownFilterError) as info:
        resolve(fast_lib, **{field: value})
    err = info.value
    assert err.field == field
    assert err.value == value
    message = str(err)
    assert f"unknown {field} {value!r}" in message
    assert "Valid values:" in message
    for v in valid:
        assert repr(v) in message
        assert v in err.valid


def test_unknown_value_errors_come_from_search_and_ask(fast_lib: Library) -> None:
    with pytest.raises(UnknownFilterError, match="Southend-on-Sea"):
        fast_lib.search("planning", service="narnia")
    with pytest.raises(UnknownFilterError, match="Court disposals"):
        fast_lib.ask("planning", domain="nine")
    with pytest.raises(UnknownFilterError, match=r"2\.2 Planning"):
        fast_lib.ask("planning", standard="9.9")


def test_empty_filter_values_mean_no_filter(fast_lib: Library) -> None:
    filters = resolve(fast_lib, service="", domain=[" "], standard=None)
    assert not filters.active


# --- filtered search ------------------------------------------------------------------------


def test_filtered_search_by_standard_returns_k_matching(fast_lib: Library) -> None:
    available = [p for p in fast_lib.passages if p.standard in ("2.2 Planning", "3.2 Planning")]
    assert len(available) > 8
    hits = fast_lib.search("how good was planning to keep other people safe", k=8, standard="planning")
    assert len(hits) == 8
    assert {h.standard for h in hits} <= {"2.2 Planning", "3.2 Planning"}
    assert {h.standard for h in hits} == {"2.2 Planning", "3.2 Planning"}
    assert [h.rank for h in hits] == list(range(1, 9))


def test_filtered_search_returns_all_when_fewer_than_k(fast_lib: Library) -> None:
    available = {p.id for p in fast_lib.passages if p.standard == "2.2 Planning"}
    hits = fast_lib.search("planning", k=50, standard="2.2")
    assert {h.id for h in hits} == available


def test_filtered_search_with_words_outside_the_filter_still_fills_k(fast_lib: Library) -> None:
    # No passage of 2.4 says "resettlement": keyword search finds nothing there, dense still fills k.
    hits = fast_lib.search("resettlement accommodation", k=5, standard="2.4")
    assert len(hits) == 5
    assert {h.standard for h in hits} == {"2.4 Reviewing"}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_filtered_search_in_every_mode(fast_lib: Library, mode: str) -> None:
    hits = fast_lib.search("planning for children", k=6, mode=mode, domain="court")
    assert len(hits) == 6
    assert {h.domain for h in hits} == {"Court disposals"}


def test_domain_court_excludes_out_of_court(fast_lib: Library) -> None:
    hits = fast_lib.search("out-of-court disposals planning", k=20, domain="court")
    assert hits
    assert all(h.domain == "Court disposals" for h in hits)
    hits = fast_lib.search("court disposals planning", k=20, domain="ooc")
    assert hits
    assert all(h.domain == "Out-of-court disposals" for h in hits)


def test_filtered_search_by_service(fast_lib: Library) -> None:
    hits = fast_lib.search("rated outstanding", k=10, service="Essex")
    assert len(hits) == 10
    assert {h.service for h in hits} == {"Essex"}
    assert {h.document for h in hits} == {"essex-2018-cypnow-news.txt"}


def test_filtered_search_by_southend_covers_report_and_press_release(fast_lib: Library) -> None:
    hits = fast_lib.search("contingency planning for the safety of other people", k=40, service="southend")
    assert len(hits) == 40
    assert {h.service for h in hits} == {"Southend-on-Sea"}
    assert {h.document for h in hits} == {
        "southend-on-sea-2024-hmip-inspection-report.txt",
        "southend-on-sea-2024-hmip-press-release.txt",
    }


def test_filtered_ask_combines_filters(fast_lib: Library) -> None:
    answer = fast_lib.ask(
        "how good was planning?", k=8, service="southend", domain="two", standard="planning"
    )
    assert answer.filters.services == ["Southend-on-Sea"]
    assert answer.filters.domains == ["Court disposals"]
    assert answer.filters.standards == ["2.2 Planning", "3.2 Planning"]
    # Only 2.2 is in Court disposals; all six of its passages come back, nothing else.
    assert len(answer.passages) == 6
    assert {p.standard for p in answer.passages} == {"2.2 Planning"}
    ids = {p.id for p in answer.passages}
    assert all(s.passage_id in ids for s in answer.sentences)


def test_filtered_ask_returns_k(fast_lib: Library) -> None:
    answer = fast_lib.ask("planning", k=8, standard="planning")
    assert len(answer.passages) == 8
    assert {p.standard for p in answer.passages} <= {"2.2 Planning", "3.2 Planning"}
    for p in answer.passages:
        assert p.citation.service == "Southend-on-Sea"


def test_filters_that_match_nothing_together_return_nothing(fast_lib: Library) -> None:
    # Essex news passages carry no standard: a valid but empty combination gives no passages.
    assert fast_lib.search("planning", k=5, service="essex", standard="planning") == []


def test_unfiltered_search_spans_documents(fast_lib: Library) -> None:
    hits = fast_lib.search("rated outstanding by inspectors", k=30)
    assert len(hits) == 30
    assert len({h.document for h in hits}) >= 3
