"""Tagging: document kind, service, date and title; passage domain and standard."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import COUNCIL, ESSEX, KENT, PRESS, REPORT

from yjs_qa import DocKind, Document, Passage, SectionKind
from yjs_qa.ingest import tag as T
from yjs_qa.ingest.dates import detect_date
from yjs_qa.ingest.kinds import detect_kind
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.knowledge import services as S
from yjs_qa.knowledge.framework import infer_from_text
from yjs_qa.knowledge.services import canonical_service, combined_services, resolve_service, service_key

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
    assert T.tag_service(text, "").service == expected


def test_detect_service_prefers_the_title() -> None:
    text = "Essex YOS was mentioned once in passing. Essex YOS again."
    assert (
        T.tag_service(text, "An inspection of youth justice services in Southend-on-Sea").service
        == "Southend-on-Sea"
    )


def test_detect_service_counts_mentions() -> None:
    text = "Kent YJS was inspected. Kent YJS staff were praised. Essex YOS was compared."
    assert T.tag_service(text, "A headline").service == "Kent"


def test_infer_out_of_court_is_never_also_court() -> None:
    domain, standard = infer_from_text("Planning for out-of-court disposals was strong.")
    assert domain is not None and domain.name == "Out-of-court disposals"
    assert standard is None
    domain, _ = infer_from_text("Work on out of court disposals and an out-of-court disposal panel.")
    assert domain is not None and domain.number == 3


def test_infer_court_disposals_alone_is_court() -> None:
    domain, standard = infer_from_text("Children subject to court disposals were well supported.")
    assert domain is not None and domain.name == "Court disposals"
    assert standard is None


def test_infer_both_domains_is_ambiguous() -> None:
    assert infer_from_text("Both court disposals and out-of-court disposals were inspected.") == (
        None,
        None,
    )


def test_infer_standard_by_its_full_name() -> None:
    domain, standard = infer_from_text("Out-of-court disposal policy and provision was rated Good.")
    assert domain is not None and domain.number == 3
    assert standard is not None and standard.code == "3.4"
    domain, standard = infer_from_text("Its governance and leadership were strong.")
    assert domain is not None and domain.number == 1
    assert standard is not None and standard.code == "1.1"


def test_infer_shared_standard_names_are_ambiguous_without_a_domain() -> None:
    # "Implementation and delivery" is both 2.3 and 3.3.
    assert infer_from_text("Implementation and delivery was rated Outstanding.") == (None, None)
    domain, standard = infer_from_text(
        "For out-of-court disposals, implementation and delivery was rated Outstanding."
    )
    assert domain is not None and domain.number == 3
    assert standard is not None and standard.code == "3.3"


def test_infer_nothing_from_plain_text() -> None:
    assert infer_from_text("Staff are enthusiastic and motivated.") == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Report to:\n\nCabinet\n\nDate of meeting:\n\n13 November 2024\n", DocKind.COUNCIL_PAPER),
        ("Headline\n\nBody.\n\nENDS\n\nNotes to editor\n\n1. Note.\n", DocKind.PRESS_RELEASE),
        ("Just some words with nothing special.", DocKind.OTHER),
    ],
)
def test_detect_kind(text: str, expected: DocKind) -> None:
    assert detect_kind(text) == expected


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
    assert detect_date(text, {}) == expected


def test_detect_title_joins_a_broken_title_and_skips_breadcrumbs() -> None:
    text = "\n\nAn inspection of youth justice services in\n\nSouthend-on-Sea\n\nHM Inspectorate\n"
    assert T.detect_title(text, {}) == "An inspection of youth justice services in Southend-on-Sea"
    crumb = "Home   Kent   News   Article\n\nKent YJS told to improve\n"
    assert T.detect_title(crumb, {}) == "Kent YJS told to improve"
    assert T.detect_title("ignored\n", {"title": "From the form"}) == "From the form"


# --- services: only names in the table; never dates, months, headings or committees ---------


def _names(text: str) -> list[str]:
    return text.split(";")


ENGLAND = _names(
    # London boroughs and the City
    "Barking and Dagenham;Barnet;Bexley;Brent;Bromley;Camden;City of London;Croydon;Ealing;Enfield;"
    "Greenwich;Hackney;Hammersmith and Fulham;Haringey;Harrow;Havering;Hillingdon;Hounslow;Islington;"
    "Kensington and Chelsea;Kingston upon Thames;Lambeth;Lewisham;Merton;Newham;Redbridge;"
    "Richmond upon Thames;Southwark;Sutton;Tower Hamlets;Waltham Forest;Wandsworth;Westminster;"
    # metropolitan boroughs
    "Bolton;Bury;Manchester;Oldham;Rochdale;Salford;Stockport;Tameside;Trafford;Wigan;Knowsley;"
    "Liverpool;Sefton;St Helens;Wirral;Barnsley;Doncaster;Rotherham;Sheffield;Gateshead;"
    "Newcastle upon Tyne;North Tyneside;South Tyneside;Sunderland;Birmingham;Coventry;Dudley;Sandwell;"
    "Solihull;Walsall;Wolverhampton;Bradford;Calderdale;Kirklees;Leeds;Wakefield;"
    # county councils
    "Cambridgeshire;Derbyshire;Devon;East Sussex;Essex;Gloucestershire;Hampshire;Hertfordshire;Kent;"
    "Lancashire;Leicestershire;Lincolnshire;Norfolk;Nottinghamshire;Oxfordshire;Staffordshire;Suffolk;"
    "Surrey;Warwickshire;West Sussex;Worcestershire;"
    # unitary authorities
    "Bath and North East Somerset;Bedford;Blackburn with Darwen;Blackpool;"
    "Bournemouth, Christchurch and Poole;Bracknell Forest;Brighton and Hove;Bristol;Buckinghamshire;"
    "Central Bedfordshire;Cheshire East;Cheshire West and Chester;Cornwall;Cumberland;Darlington;Derby;"
    "Dorset;County Durham;East Riding of Yorkshire;Halton;Hartlepool;Herefordshire;Isle of Wight;"
    "Isles of Scilly;Kingston upon Hull;Leicester;Luton;Medway;Middlesbrough;Milton Keynes;"
    "North East Lincolnshire;North Lincolnshire;North Northamptonshire;North Somerset;North Yorkshire;"
    "Northumberland;Nottingham;Peterborough;Plymouth;Portsmouth;Reading;Redcar and Cleveland;Rutland;"
    "Shropshire;Slough;Somerset;South Gloucestershire;Southampton;Southend-on-Sea;Stockton-on-Tees;"
    "Stoke-on-Trent;Swindon;Telford and Wrekin;Thurrock;Torbay;Warrington;West Berkshire;"
    "West Northamptonshire;Westmorland and Furness;Wiltshire;Windsor and Maidenhead;Wokingham;York"
)
WALES = _names(
    "Blaenau Gwent;Bridgend;Caerphilly;Cardiff;Carmarthenshire;Ceredigion;Conwy;Denbighshire;Flintshire;"
    "Gwynedd;Isle of Anglesey;Merthyr Tydfil;Monmouthshire;Neath Port Talbot;Newport;Pembrokeshire;"
    "Powys;Rhondda Cynon Taf;Swansea;Torfaen;Vale of Glamorgan;Wrexham"
)


@pytest.mark.parametrize("area", ENGLAND + WALES)
def test_every_council_area_has_a_service(area: str) -> None:
    """Every English upper-tier council and every Welsh principal area resolves to a service."""
    assert resolve_service(area) is not None, area


def test_the_services_table_has_no_alias_twice() -> None:
    owners: dict[str, set[str]] = {}
    for name, service in ((n, s) for s, names in _table_names().items() for n in names):
        owners.setdefault(service_key(name), set()).add(service)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def _table_names() -> dict[str, list[str]]:
    text = (Path(S.__file__).parent / "data" / "services.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert tuple(rows[0]) == S.SERVICE_COLUMNS
    names = ("aliases", "former_names")  # a combined service's councils are its own names too
    return {r["service"]: [r["service"], *(a for c in names for a in r[c].split(";") if a)] for r in rows}


def test_combined_services_name_their_areas() -> None:
    combined = combined_services()
    assert combined["Western Bay"] == ("Swansea", "Neath Port Talbot", "Bridgend")
    assert set(combined["West Mercia"]) >= {"Herefordshire", "Shropshire", "Worcestershire"}
    for service, areas in combined.items():
        for area in areas:  # each area is the combined service or a service of its own
            assert resolve_service(area) is not None, (service, area)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gwynedd & Anglesey", "Gwynedd and Ynys Môn"),
        ("Gwynedd ac Ynys Môn", "Gwynedd and Ynys Môn"),
        ("Ynys Mon", "Gwynedd and Ynys Môn"),
        ("St. Helens", "St Helens"),
        ("Monmouthshire & Torfaen", "Monmouthshire and Torfaen"),
        ("Cheshire West, Halton & Warrington", "Cheshire West, Halton and Warrington"),
        ("Bath & North East Somerset", "Bath and North East Somerset"),
        ("Darlington Borough Council", "Darlington"),
        ("Gateshead’s", "Gateshead"),
        ("rated Good Wigan", "Wigan"),  # a headline ran into the name: the known tail
        ("Greater Manchester", None),  # a tail after a qualifier is another place
        ("West Yorkshire Police. The Kent", "Kent"),  # ...but a later tail may still be a service
        ("September and October", None),
        ("Children and Young People Select Committee", None),
        ("England and Wales", None),
        ("Narnia", None),
        ("The", None),
    ],
)
def test_resolve_service_accepts_only_the_table(name: str, expected: str | None) -> None:
    assert resolve_service(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Inspectors visited Anytown. Stockton-on-Tees youth offending team (YOT) was praised.",
            "Stockton-on-Tees",
        ),
        (
            "HM Inspectorate of Probation has rated the youth offending team (YOT) in Darlington as good.",
            "Darlington",
        ),
        ("Western Bay Youth Justice and Early Intervention Service was inspected in 2019.", "Western Bay"),
        ("Darlington Young People's Engagement and Justice Service was inspected.", "Darlington"),
        ("Gateshead’s Youth Justice Service was praised by inspectors.", "Gateshead"),
        ("Gwasanaeth Cyfiawnder Ieuenctid Gwynedd a Môn yn cael ei arolygu.", "Gwynedd and Ynys Môn"),
        (
            "An inspection of youth offending work in Monmouthshire & Torfaen took place.",
            "Monmouthshire and Torfaen",
        ),
        ("Cumbria YOS supervised 200 children.", "Cumbria"),
    ],
)
def test_detect_service_from_explicit_statements(text: str, expected: str) -> None:
    assert T.tag_service(text, "A headline").service == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a month phrase before the service words
        ("Minutes of the September and October Youth Offending Service meetings were agreed.", ""),
        # a committee's name
        ("The Children and Young People Select Committee Youth Justice Service update was noted.", ""),
        # a date
        ("On 12 March 2024 Youth Justice Service staff met the board.", ""),
        # a page heading and no service named
        (
            "Issue - meetings\n\nThe committee noted the report on the youth offending service.",
            "Issue - meetings",
        ),
        # a place that is not a service, and a region
        ("Greater Manchester YOTs share a panel. Youth justice services in England and Wales vary.", ""),
        # committee and team names beside the service words, and a headline's adjective
        ("The Evidence Based Hub and Youth Offending Team attended the meeting.", ""),
        ("The report was noted.", "Inner-London youth justice service praised by HM Inspectorate"),
    ],
)
def test_nonsense_is_never_a_service(text: str, title: str) -> None:
    tag = T.tag_service(text, title)
    assert tag.service is None
    assert tag.note  # the caller can say why


def test_unknown_names_are_reported_in_the_note() -> None:
    tag = T.tag_service("Narnia Youth Justice Service was inspected.", "")
    assert tag.unknown == ("Narnia",)
    assert tag.note is not None and "Narnia" in tag.note and "not in the services table" in tag.note


def test_a_tie_between_services_is_unsure() -> None:
    tag = T.tag_service("Kent YJS and Essex YOS were compared by inspectors.", "")
    assert tag.service is None
    assert tag.note == "Kent and Essex named equally often"


def test_a_national_publication_has_no_service() -> None:
    text = (
        "A thematic inspection of resettlement\n\nInspectors visited six YOTs, among them Slough YJS, "
        "and found the quality of work varied."
    )
    assert detect_kind(text) == DocKind.THEMATIC_INSPECTION
    tag = T.tag_service(text, "A thematic inspection of resettlement")
    assert tag.service is None
    assert tag.note == "a national publication (thematic inspection) is about no one service"
    assert T.tag_service(text, "", DocKind.PRESS_RELEASE).service == "Slough"  # the caller's kind


# --- kinds: signals in knowledge/patterns.py -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an inspectorate release with no ENDS or notes (an excerpt)
        (
            "Anytown Youth Justice Service rated ‘Good’\n\nAnytown Youth Justice Service has received an "
            "overall rating of ‘Good’ following an inspection by His Majesty’s Inspectorate of Probation.",
            DocKind.PRESS_RELEASE,
        ),
        # a council's newsroom page
        (
            "Council news\n\nOur youth team praised\n\n4 May 2022\n\nThe team was praised.",
            DocKind.PRESS_RELEASE,
        ),
        # a council's copy of an inspectorate release
        (
            "Team rated\n\nPress release by HM Inspectorate of Probation\n\nThe team was rated.",
            DocKind.PRESS_RELEASE,
        ),
        # committee minutes
        (
            "Agenda item\n\nReport on the youth service\n\nMinutes:\n\nMembers received a report on the "
            "inspection.",
            DocKind.COUNCIL_PAPER,
        ),
        # a cabinet decision
        ("Cabinet Decision Record\n\nDecision\n\nRESOLVED that the plan be approved.", DocKind.COUNCIL_PAPER),
        # a report's foreword, signed
        (
            "Foreword\n\nThis inspection is part of our four-year programme of inspections. We have "
            "inspected and rated the service across three areas.\n\n"
            "A N Other\nHM Chief Inspector of Probation",
            DocKind.INSPECTION_REPORT,
        ),
        # a newspaper article
        (
            "Team praised\n\nBy Sam Jones, Chief Reporter\n\nThe team was praised. Picture: Agency",
            DocKind.NEWS_ARTICLE,
        ),
        # the inspectorate's annual report, in its press release
        (
            "Inspectorate’s annual report finds progress\n\nHM Inspectorate of Probation has published its "
            "annual report. 70 per cent of YJSs were rated Good.",
            DocKind.ANNUAL_REPORT,
        ),
        # a thematic inspection's press release
        (
            "Inspectors call for change\n\nA new thematic inspection looked at education.",
            DocKind.THEMATIC_INSPECTION,
        ),
        # a joint inspection of a topic
        (
            "A topic\n\nAn inspection by HM Inspectorate of Probation and HM Inspectorate of Constabulary\n\n"
            "We last inspected this topic in 2018.",
            DocKind.THEMATIC_INSPECTION,
        ),
    ],
)
def test_detect_kind_of_real_world_forms(text: str, expected: DocKind) -> None:
    assert detect_kind(text) == expected


# --- a council's paper about its own service, which it does not name by place (#15) ---------------


@pytest.mark.parametrize(
    ("text", "service"),
    [
        (
            "Members received a report on the recent inspection of the Youth Justice Service. "
            "Lancashire County Council officers answered questions.",
            "Lancashire",
        ),
        ("Wiltshire Council's YOT was inspected in the spring, the cabinet heard.", "Wiltshire"),
        # two councils, or a council with no place, name no one service
        ("Leeds City Council and Bradford Council discussed the Youth Justice Service.", None),
        ("The Council received a report on the Youth Offending Team inspection.", None),
        # a council named, but no youth justice service spoken of
        ("Lancashire County Council agreed its budget for the coming year.", None),
    ],
)
def test_a_council_paper_about_its_own_unnamed_service(text: str, service: str | None) -> None:
    assert T.tag_service(text, "Minutes", DocKind.COUNCIL_PAPER).service == service


def test_a_service_named_as_one_outvotes_the_council() -> None:
    text = "Lancashire County Council heard that Blackpool Youth Justice Service was rated 'Good'."
    assert T.tag_service(text, "Minutes", DocKind.COUNCIL_PAPER).service == "Blackpool"


# --- a release that names no service, with a national publication's signals (#15) ------------------

NATIONAL_RELEASE = (
    "Children's education needs more attention, inspectors find\n\n"
    "ENDS\n\nNotes to editors\n\n"
    "HM Inspectorate of Probation inspected how youth offending services across England and Wales "
    "help children into education, training and employment. The inspection visited six youth "
    "offending services and spoke to children, parents and staff.\n"
)


def test_a_release_naming_no_service_with_national_signals_is_the_national_publications(
    tmp_path: Path,
) -> None:
    path = tmp_path / "release.txt"
    path.write_text(NATIONAL_RELEASE, encoding="utf-8")
    doc, _ = ingest(path)
    assert doc.kind == DocKind.THEMATIC_INSPECTION and doc.service is None
    assert doc.tag_note == "a national publication (thematic inspection) is about no one service"
    # a kind the user sets is kept
    doc, _ = ingest(path, kind=DocKind.PRESS_RELEASE)
    assert doc.kind == DocKind.PRESS_RELEASE
    # a release about one service stays a press release, national words or not
    named = NATIONAL_RELEASE.replace(
        "The inspection visited", "Wigan Youth Justice Service was one. It visited"
    )
    path.write_text(named, encoding="utf-8")
    doc, _ = ingest(path)
    assert doc.kind == DocKind.PRESS_RELEASE and doc.service == "Wigan"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Date: 12/03/2024\n\nPress release", "2024-03-12"),  # day first, as UK pages write it
        ("Release date: 12.04.2023\n\nNews", "2023-04-12"),
        ("Updated 2024-03-03\n\nNews", "2024-03-03"),
        ("News | 14 Feb 2022 | Council", "2022-02-14"),
        ("First published: 7 Sept 2023", "2023-09-07"),
        ("Published 24 September 2024", "2024-09-24"),  # 'Sept' inside 'September' stays
        # a date in words wins over figures in the header (a reference, a fieldwork date)
        ("Ref 19/06/2023\n\nPublished September 2024", "2024-09"),
        ("Ref 12/13/2024", None),  # no thirteenth month
    ],
)
def test_dates_in_figures_and_short_month_names(text: str, date: str | None) -> None:
    assert detect_date(text, {}) == date


def test_a_meeting_date_field_in_figures() -> None:
    assert detect_date("Minutes", {"date of meeting": "12/10/2023"}) == "2023-10-12"


@pytest.mark.parametrize(
    ("text", "title", "service"),
    [
        # a report's own title names it
        (
            "Domain one: Organisational delivery\n\nThe board met.",
            "An inspection of youth justice services in Testshire",
            "Testshire",
        ),
        (
            "Work with children was strong.",
            "An inspection of youth justice work with children and victims in Newtown",
            "Newtown",
        ),
        # the subject of a rating or an inspection
        ("Narnia Youth Justice Service was inspected. Narnia YJS was rated Good.", "", "Narnia"),
        (
            "Borsetshire Youth Justice Service (YJS) has received an overall rating of 'Good'.",
            "",
            "Borsetshire",
        ),
        ("Inspectors visited. Felpersham YOT was rated 'Outstanding' overall.", "", "Felpersham"),
    ],
)
def test_a_service_the_table_lacks_is_honoured_where_the_document_states_it(
    text: str, title: str, service: str
) -> None:
    tag = T.tag_service(text, title)
    assert tag.service == service
    assert tag.note == f"{service!r} is not in the services table: the document names it as its service"


def test_a_name_the_table_lacks_counts_only_where_stated_as_the_service_inspected() -> None:
    # named in passing, it is noted but does not outvote the service the document is about
    text = "Wigan Youth Justice Service was rated 'Good'. It works with Narnia Youth Justice Service."
    tag = T.tag_service(text, "Inspectors visit Wigan")
    assert (tag.service, tag.note, tag.unknown) == ("Wigan", None, ("Narnia",))
    # in the title, it says what the document is about
    title = "An inspection of youth justice services in Narnia"
    assert T.tag_service("It works with Wigan Youth Justice Service.", title).service == "Narnia"


def test_a_headline_place_and_its_council_outvote_another_service_named_in_passing() -> None:
    text = (
        "A London borough must improve the way it deals with young offenders.\n\n"
        "Newham Council said it accepted the findings and would bolster its youth offending team.\n\n"
        "Lambeth's youth offending team was also rated as requires improvement."
    )
    assert T.tag_service(text, "Newham 'must improve' youth offender services").service == "Newham"
