"""Tagging: document kind, service, date and title; passage domain and standard."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import COUNCIL, ESSEX, KENT, PRESS, REPORT

from yjs_qa import DocKind, Document, Passage, SectionKind
from yjs_qa.ingest import tag as T
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.knowledge.services import canonical_service

ALL_DOCS = (REPORT, PRESS, COUNCIL, ESSEX, KENT)


@pytest.fixture(scope="module")
def ingested(corpus_dir: Path) -> dict[str, tuple[Document, list[Passage]]]:
    return {name: ingest(corpus_dir / name) for name in ALL_DOCS}


def _doc(ingested: dict[str, tuple[Document, list[Passage]]], name: str) -> Document:
    return ingested[name][0]


def _one(ingested: dict[str, tuple[Document, list[Passage]]], name: str, needle: str) -> Passage:
    found = [p for p in ingested[name][1] if needle in p.text]
    assert len(found) == 1, f"expected one passage containing {needle!r} in {name}, found {len(found)}"
    return found[0]


# --- document level -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "service", "date", "title"),
    [
        (
            REPORT,
            DocKind.INSPECTION_REPORT,
            "Southend-on-Sea",
            "2024-09",
            "An inspection of youth justice services in Southend-on-Sea",
        ),
        (
            PRESS,
            DocKind.PRESS_RELEASE,
            "Southend-on-Sea",
            "2024-09-24",
            "Southend-on-Sea YJS 'Requires improvement'",
        ),
        (
            COUNCIL,
            DocKind.COUNCIL_PAPER,
            "East Sussex",
            "2024-11-13",
            "Inspection of youth justice services in East Sussex",
        ),
        (
            ESSEX,
            DocKind.NEWS_ARTICLE,
            "Essex",
            "2018-12-05",
            "Inspectors praise 'outstanding' youth offending team",
        ),
        (
            KENT,
            DocKind.NEWS_ARTICLE,
            "Kent",
            None,
            "Kent Youth Justice Service told to improve by HM Inspectorate of Probation",
        ),
    ],
)
def test_document_tags(
    ingested: dict[str, tuple[Document, list[Passage]]],
    name: str,
    kind: DocKind,
    service: str,
    date: str | None,
    title: str,
) -> None:
    doc = _doc(ingested, name)
    assert doc.document == name
    assert doc.kind == kind
    assert doc.service == service
    assert doc.date == date
    assert doc.title == title
    assert len(doc.content_hash) == 64


def test_council_paper_date_is_the_meeting_not_the_report(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    # The paper also mentions "published on 17 September 2024"; the meeting date wins.
    assert _doc(ingested, COUNCIL).date == "2024-11-13"


# --- the inspection report ------------------------------------------------------------------


def test_court_planning_paragraph(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    p = _one(
        ingested,
        REPORT,
        "Contingency planning to address escalating concerns about the safety of other people was not "
        "sufficiently detailed",
    )
    assert p.domain == "Court disposals"
    assert p.domain_number == 2
    assert p.standard_code == "2.2"
    assert p.standard_name == "Planning"
    assert p.standard == "2.2 Planning"
    assert p.section_path == ["Domain two: Court disposals", "2.2 Planning"]
    assert p.section == "Domain two: Court disposals > 2.2 Planning"
    assert p.section_kind == SectionKind.NARRATIVE


def test_out_of_court_planning_paragraph(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    p = _one(ingested, REPORT, "could have been improved by ensuring that planning was not generic")
    assert p.domain == "Out-of-court disposals"
    assert p.domain_number == 3
    assert p.standard_code == "3.2"
    assert p.standard_name == "Planning"
    assert p.section_path == ["Domain three: Out-of-court disposals", "3.2 Planning"]
    assert p.section_kind == SectionKind.NARRATIVE


def test_governance_strength_bullet(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    p = _one(ingested, REPORT, "The board chair has been instrumental")
    assert p.domain == "Organisational delivery"
    assert p.domain_number == 1
    assert p.standard_code == "1.1"
    assert p.standard_name == "Governance and leadership"
    assert p.section_kind == SectionKind.STRENGTH
    assert p.section_path == [
        "Domain one: Organisational delivery",
        "1.1 Governance and leadership",
        "Strengths",
    ]


def test_resettlement_area_for_improvement(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    p = _one(ingested, REPORT, "There is no specific multi-agency resettlement panel")
    assert p.domain == "Resettlement"
    assert p.domain_number == 4
    assert p.standard_code == "4.1"
    assert p.standard_name == "Resettlement policy and provision"
    assert p.section_kind == SectionKind.AREA_FOR_IMPROVEMENT
    assert p.section_path[-1] == "Areas for improvement"


def test_ooc_policy_strength(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    p = _one(ingested, REPORT, "The panel limits the number of children it will discuss")
    assert p.domain == "Out-of-court disposals"
    assert p.standard == "3.4 Out-of-court disposal policy and provision"
    assert p.section_kind == SectionKind.STRENGTH


@pytest.mark.parametrize(
    ("needle", "kind"),
    [
        ("This inspection is part of our programme of youth justice service", SectionKind.FOREWORD),
        ("We conducted fieldwork in Southend-on-Sea YJS over a period of a week", SectionKind.BACKGROUND),
        ("Volunteers are representative of their communities", SectionKind.DIVERSITY),
        ("The YJS has various methods to collate feedback", SectionKind.INVOLVEMENT),
        ("understand the over-representation of care experienced children", SectionKind.RECOMMENDATION),
    ],
)
def test_report_sections_outside_the_domains_have_no_domain(
    ingested: dict[str, tuple[Document, list[Passage]]], needle: str, kind: SectionKind
) -> None:
    p = _one(ingested, REPORT, needle)
    assert p.section_kind == kind
    assert p.domain is None and p.domain_number is None
    assert p.standard_code is None and p.standard_name is None


def test_report_sections_outside_domains_are_never_inferred(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    # The foreword talks about "out-of-court disposal work" and "post court work": the report's own
    # headings decide, so nothing before the first domain heading gets a domain.
    outside = {
        SectionKind.FOREWORD,
        SectionKind.BACKGROUND,
        SectionKind.DIVERSITY,
        SectionKind.INVOLVEMENT,
        SectionKind.RECOMMENDATION,
        SectionKind.FRONT_MATTER,
    }
    passages = [p for p in ingested[REPORT][1] if p.section_kind in outside]
    assert len(passages) >= 30
    assert all(p.domain is None and p.standard_code is None for p in passages)


def test_every_report_passage_under_a_standard_has_its_domain(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    for p in ingested[REPORT][1]:
        if p.standard_code:
            assert p.domain_number == int(p.standard_code.split(".")[0]), p.text[:60]
            assert p.section_path and any(p.standard_code in part for part in p.section_path)


# --- press release, council paper and news ---------------------------------------------------


def test_press_release_court_passage_gets_domain_only(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    p = _one(ingested, PRESS, "for those subject to court disposals")
    assert p.domain == "Court disposals"
    assert p.standard_code is None


def test_press_release_note_naming_every_domain_gets_none(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    p = _one(ingested, PRESS, "The inspection looked at standards of organisational delivery")
    assert p.section_kind == SectionKind.NOTES
    assert p.section_path == ["Notes to editor"]
    assert p.domain is None and p.standard_code is None


def test_press_release_quote(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    p = _one(ingested, PRESS, "Mr Jones continued:")
    assert p.section_kind == SectionKind.QUOTE
    assert p.domain is None and p.standard_code is None


def test_council_paper_resettlement_sentence_gets_the_standard(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    p = _one(ingested, COUNCIL, "The quality of resettlement policy and provision is rated separately")
    assert p.domain == "Resettlement"
    assert p.standard_code == "4.1"
    assert p.standard_name == "Resettlement policy and provision"


def test_council_paper_plain_passage_has_none(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    p = _one(ingested, COUNCIL, "During the inspection week the inspectors reviewed 37 cases")
    assert p.domain is None and p.standard_code is None
    assert p.section_path == ["Supporting information"]


def test_kent_two_standards_of_one_domain_give_the_domain_only(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    p = _one(
        ingested,
        KENT,
        "rated as outstanding on its partnerships and services and information and facilities",
    )
    assert p.domain == "Organisational delivery"
    assert p.domain_number == 1
    assert p.standard_code is None and p.standard_name is None


def test_kent_quote_without_framework_words_has_none(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    p = _one(ingested, KENT, "The inconsistencies should be relatively straightforward to solve.")
    assert p.section_kind == SectionKind.QUOTE
    assert p.domain is None and p.standard_code is None


def test_kent_single_words_do_not_name_standards(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    # "planning, assessment, staff and reviewing" are everyday words here, not the standards.
    p = _one(ingested, KENT, "services planning, assessment, staff and reviewing sectors")
    assert p.domain is None and p.standard_code is None


def test_essex_passages_have_no_domain(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    # "post-court cases" is a filter alias, not a mention that tags running text.
    p = _one(ingested, ESSEX, "fifth highest volume of post-court cases")
    assert p.domain is None and p.standard_code is None
    quote = _one(ingested, ESSEX, "Dame Glenys Stacey, HM Chief Inspector of Probation, said:")
    assert quote.section_kind == SectionKind.QUOTE


def test_news_and_press_passages_have_no_section_path_before_headings(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    for name in (ESSEX, KENT):
        assert all(p.section_path == [] for p in ingested[name][1]), name


# --- tag helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("southend", "Southend-on-Sea"),
        ("Southend on Sea", "Southend-on-Sea"),
        ("SOUTHEND-ON-SEA", "Southend-on-Sea"),
        ("  Southend  ", "Southend-on-Sea"),
        ("the Kent", "Kent"),
        ("Kent County", "Kent"),
        ("East Sussex County Council", "East Sussex"),
        ("essex", "Essex"),
        ("Barking & Dagenham", "Barking and Dagenham"),
        # Capitalised words that ran into the name: the service is the known tail.
        ("Kent YJS and Essex", "Essex"),
        ("Good Wigan", "Wigan"),  # "...rated Good" + "Wigan Youth Offending Service was..."
        ("Praise For North Lincolnshire", "North Lincolnshire"),
    ],
)
def test_canonical_service_aliases(name: str, expected: str) -> None:
    assert canonical_service(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Essex YOS", "Essex"),
        ("Essex Youth Offending Service", "Essex"),
        ("Southend-on-Sea YJS", "Southend-on-Sea"),
    ],
)
def test_canonical_service_strips_service_suffixes(name: str, expected: str) -> None:
    """'Essex YOS' names the Essex service; the canonical name has no YOS/YJS suffix."""
    assert canonical_service(name) == expected


def test_canonical_service_unknown_name_is_tidied_not_invented() -> None:
    assert canonical_service("the Narnia") == "Narnia"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Essex Youth Offending Service (YOS) was inspected by HM Inspectorate of Probation.", "Essex"),
        ("The Kent Youth Justice Service (YJS) was inspected last year.", "Kent"),
        ("Inspectors rated Southend-on-Sea YJS as requires improvement.", "Southend-on-Sea"),
        ("Inspectors praised Southend YOT for its work with victims.", "Southend-on-Sea"),
        ("The council was praised for its work with children.", None),
    ],
)
def test_detect_service_in_text(text: str, expected: str | None) -> None:
    assert T.detect_service(text, "") == expected


def test_detect_service_prefers_the_title() -> None:
    text = "Essex YOS was mentioned once in passing. Essex YOS again."
    assert (
        T.detect_service(text, "An inspection of youth justice services in Southend-on-Sea")
        == "Southend-on-Sea"
    )


def test_detect_service_counts_mentions() -> None:
    text = "Kent YJS was inspected. Kent YJS staff were praised. Essex YOS was compared."
    assert T.detect_service(text, "A headline") == "Kent"


def test_infer_out_of_court_is_never_also_court() -> None:
    domain, standard = T.infer_from_text("Planning for out-of-court disposals was strong.")
    assert domain is not None and domain.name == "Out-of-court disposals"
    assert standard is None
    domain, _ = T.infer_from_text("Work on out of court disposals and an out-of-court disposal panel.")
    assert domain is not None and domain.number == 3


def test_infer_court_disposals_alone_is_court() -> None:
    domain, standard = T.infer_from_text("Children subject to court disposals were well supported.")
    assert domain is not None and domain.name == "Court disposals"
    assert standard is None


def test_infer_both_domains_is_ambiguous() -> None:
    assert T.infer_from_text("Both court disposals and out-of-court disposals were inspected.") == (
        None,
        None,
    )


def test_infer_standard_by_its_full_name() -> None:
    domain, standard = T.infer_from_text("Out-of-court disposal policy and provision was rated Good.")
    assert domain is not None and domain.number == 3
    assert standard is not None and standard.code == "3.4"
    domain, standard = T.infer_from_text("Its governance and leadership were strong.")
    assert domain is not None and domain.number == 1
    assert standard is not None and standard.code == "1.1"


def test_infer_shared_standard_names_are_ambiguous_without_a_domain() -> None:
    # "Implementation and delivery" is both 2.3 and 3.3.
    assert T.infer_from_text("Implementation and delivery was rated Outstanding.") == (None, None)
    domain, standard = T.infer_from_text(
        "For out-of-court disposals, implementation and delivery was rated Outstanding."
    )
    assert domain is not None and domain.number == 3
    assert standard is not None and standard.code == "3.3"


def test_infer_nothing_from_plain_text() -> None:
    assert T.infer_from_text("Staff are enthusiastic and motivated.") == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Report to:\n\nCabinet\n\nDate of meeting:\n\n13 November 2024\n", DocKind.COUNCIL_PAPER),
        ("Headline\n\nBody.\n\nENDS\n\nNotes to editor\n\n1. Note.\n", DocKind.PRESS_RELEASE),
        ("Just some words with nothing special.", DocKind.OTHER),
    ],
)
def test_detect_kind(text: str, expected: DocKind) -> None:
    assert T.detect_kind(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n\nWednesday, December 5, 2018\n", "2018-12-05"),
        ("Title\n\nPublished 3rd March 2021\n", "2021-03-03"),
        ("Title\n\nHM Inspectorate of Probation, September 2024\n", "2024-09"),
        ("Title\n\nNo date anywhere here.\n", None),
    ],
)
def test_detect_date(text: str, expected: str | None) -> None:
    assert T.detect_date(text, {}) == expected


def test_detect_title_joins_a_broken_title_and_skips_breadcrumbs() -> None:
    text = "\n\nAn inspection of youth justice services in\n\nSouthend-on-Sea\n\nHM Inspectorate\n"
    assert T.detect_title(text, {}) == "An inspection of youth justice services in Southend-on-Sea"
    crumb = "Home   Kent   News   Article\n\nKent YJS told to improve\n"
    assert T.detect_title(crumb, {}) == "Kent YJS told to improve"
    assert T.detect_title("ignored\n", {"title": "From the form"}) == "From the form"
