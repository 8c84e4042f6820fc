"""ingest/kinds.py: the kind of publication a document is, from the signals of each kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjs_qa import DocKind
from yjs_qa.ingest.kinds import detect_kind
from yjs_qa.ingest.pipeline import ingest


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
