"""The domain and standard each passage of the seed documents is tagged with (ingest/chunk.py), checked
by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import COUNCIL, ESSEX, KENT, PRESS, REPORT

from yjs_qa import Document, Passage, SectionKind
from yjs_qa.ingest.pipeline import ingest

ALL_DOCS = (REPORT, PRESS, COUNCIL, ESSEX, KENT)


@pytest.fixture(scope="module")
def ingested(corpus_dir: Path) -> dict[str, tuple[Document, list[Passage]]]:
    return {name: ingest(corpus_dir / name) for name in ALL_DOCS}


def _one(ingested: dict[str, tuple[Document, list[Passage]]], name: str, needle: str) -> Passage:
    found = [p for p in ingested[name][1] if needle in p.text]
    assert len(found) == 1, f"expected one passage containing {needle!r} in {name}, found {len(found)}"
    return found[0]


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
