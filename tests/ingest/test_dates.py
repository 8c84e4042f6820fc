"""ingest/dates.py: a document's own date (a field, a dateline, a 'published' line), never an event's."""

from __future__ import annotations

import pytest
from support import COUNCIL

from yjs_qa import Document
from yjs_qa.ingest.dates import detect_date


def test_council_paper_date_is_the_meeting_not_the_report(
    corpus_documents: dict[str, Document],
) -> None:
    # The paper also mentions "published on 17 September 2024"; the meeting date wins.
    assert corpus_documents[COUNCIL].date == "2024-11-13"


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
