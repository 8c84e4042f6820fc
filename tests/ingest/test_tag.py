"""ingest/tag.py: a document's title and service: the table's services, names the document states as
its service, councils, never dates, headings or committees.
"""

from __future__ import annotations

import pytest
from support import COUNCIL, ESSEX, KENT, PRESS, REPORT

from yjs_qa import DocKind, Document
from yjs_qa.ingest import tag as T
from yjs_qa.ingest.kinds import detect_kind


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
    corpus_documents: dict[str, Document],
    name: str,
    kind: DocKind,
    service: str,
    date: str | None,
    title: str,
) -> None:
    doc = corpus_documents[name]
    assert doc.document == name
    assert doc.kind == kind
    assert doc.service == service
    assert doc.date == date
    assert doc.title == title
    assert len(doc.content_hash) == 64


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


def test_detect_title_joins_a_broken_title_and_skips_breadcrumbs() -> None:
    text = "\n\nAn inspection of youth justice services in\n\nSouthend-on-Sea\n\nHM Inspectorate\n"
    assert T.detect_title(text, {}) == "An inspection of youth justice services in Southend-on-Sea"
    crumb = "Home   Kent   News   Article\n\nKent YJS told to improve\n"
    assert T.detect_title(crumb, {}) == "Kent YJS told to improve"
    assert T.detect_title("ignored\n", {"title": "From the form"}) == "From the form"


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
