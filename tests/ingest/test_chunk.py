"""Cleaning and chunking on the real seed documents: what is dropped, kept, joined and where."""

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


@pytest.fixture(scope="module")
def report(ingested: dict[str, tuple[Document, list[Passage]]]) -> list[Passage]:
    return ingested[REPORT][1]


def _all_passages(ingested: dict[str, tuple[Document, list[Passage]]]) -> list[Passage]:
    return [p for _, ps in ingested.values() for p in ps]


def _one(passages: list[Passage], needle: str) -> Passage:
    found = [p for p in passages if needle in p.text]
    assert len(found) == 1, f"expected one passage containing {needle!r}, found {len(found)}"
    return found[0]


def test_every_document_gives_passages(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    for name, (doc, passages) in ingested.items():
        assert passages, name
        assert doc.passages == len(passages)
        assert all(p.document == name for p in passages)
        assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert len(ingested[REPORT][1]) > 150  # a 27-page report is more than a handful of passages


# --- what cleaning drops ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "noise",
    [
        # contents page of the report (entries carry tabs and page numbers; one has an OCR slip)
        "Foreword\t3",
        "Eurthau information",
        "2.2. Planning\t17",
        # running footer and its page number
        "Inspection of youth justice services in Southend-on-Sea",
        # the footnote repeated under every case standard
        "The rating for the standard is driven by the lowest score",
        "A more detailed explanation is available in the data annexe",
        # photo captions in the news articles
        "Picture: istock.com",
        "Image: Tom Campbell",
        "Kent County Council headquarters at County Hall in Maidstone",
        "Stock image",
        # cookie, subscription and link furniture
        "This site uses cookies",
        "cookies",
        "Digital membership",
        "Subscribe",
        "From £15",
        "From £12",
        "Latest digital issues",
        "click here",
        "Read more",
        # press release furniture
        "ENDS",
        "media enquiries",
        # breadcrumb of the Kent page
        "Home Kent News Article",
        "Home   Kent",
        # licence and ISBN front matter of the report
        "Open Government Licence",
        "nationalarchives",
        "ISBN",
        "978-1-916621-70-1",
        "Crown copyright",
        "Published by",
        "Civil Justice Centre",
        "Follow us on Twitter",
        "@hmiprobation",
        "names in the practice examples have been changed",
        # the boilerplate "role of HM Inspectorate" section
        "We report on the effectiveness of probation and youth justice service work",
    ],
)
def test_noise_never_reaches_a_passage(
    ingested: dict[str, tuple[Document, list[Passage]]], noise: str
) -> None:
    offenders = [(p.document, p.text[:80]) for p in _all_passages(ingested) if noise in p.text]
    assert offenders == []


def test_noise_is_present_in_the_sources(corpus_dir: Path) -> None:
    """The noise checks above are only meaningful if the noise is really in the raw files."""
    raw = {name: (corpus_dir / name).read_text(encoding="utf-8") for name in ALL_DOCS}
    assert "Foreword\t3" in raw[REPORT]
    assert "Eurthau information" in raw[REPORT]
    assert raw[REPORT].count("Inspection of youth justice services in Southend-on-Sea\n") == 2
    assert raw[REPORT].count("The rating for the standard is driven by the lowest score") >= 6
    assert "ISBN" in raw[REPORT]
    assert "Picture: istock.com" in raw[KENT]
    assert "This site uses cookies" in raw[KENT]
    assert "Image: Tom Campbell" in raw[ESSEX]
    assert "Digital membership" in raw[ESSEX] and "From £15" in raw[ESSEX]
    assert "\nENDS\n" in raw[PRESS]


def test_doubled_caption_is_not_a_passage_even_if_its_words_recur(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    caption = "Matt Dunkley, the director of children, young people and education at Kent County Council"
    kent = ingested[KENT][1]
    assert all(p.text != caption for p in kent)
    # ...but the quote that starts with the same words is kept.
    quote = _one(kent, caption + " said:")
    assert quote.section_kind == SectionKind.QUOTE


def test_news_bylines_and_dates_are_not_passages(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    essex = ingested[ESSEX][1]
    assert not any("Neil Puffett" in p.text for p in essex)
    assert not any(p.text.startswith("Wednesday, December 5") for p in essex)
    assert (
        essex[0].text
        == 'A council\'s youth offending team has been rated "outstanding" following an inspection.'
    )


def test_title_is_not_repeated_as_a_passage(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    for doc, passages in ingested.values():
        assert all(p.text != doc.title for p in passages), doc.document


def test_unique_footnote_is_kept_under_its_standard(report: list[Passage]) -> None:
    footnote = _one(report, "Professional discretion was applied at the ratings panel")
    assert footnote.section_kind == SectionKind.FOOTNOTE
    assert footnote.standard_code == "3.3"
    assert footnote.standard_name == "Implementation and delivery"
    assert footnote.domain == "Out-of-court disposals"
    assert not footnote.text.startswith(("¹", "⁰"))


def test_other_unique_footnotes_are_kept_as_footnotes(report: list[Passage]) -> None:
    resettlement = _one(report, "The rating for resettlement does not influence the overall YJS rating")
    assert resettlement.section_kind == SectionKind.FOOTNOTE
    assert resettlement.text == "The rating for resettlement does not influence the overall YJS rating."
    outcome = _one(report, "Where police defer prosecution")
    assert outcome.section_kind == SectionKind.FOOTNOTE


# --- structure: strengths, areas for improvement, bullets -------------------------------------


def test_strength_bullet_keeps_strengths_in_its_path(report: list[Passage]) -> None:
    p = _one(report, "The board chair has been instrumental in setting up the designated YJS")
    assert p.section_path[-1] == "Strengths"
    assert p.section_path[-2] == "1.1 Governance and leadership"
    assert p.section_kind == SectionKind.STRENGTH
    assert not p.text.startswith("-")


def test_area_for_improvement_bullets_have_that_kind(report: list[Passage]) -> None:
    under = [p for p in report if p.section_path and p.section_path[-1].startswith(("Areas for", "Area for"))]
    assert len(under) >= 25
    assert {p.section_kind for p in under} == {SectionKind.AREA_FOR_IMPROVEMENT}
    # Both spellings of the heading ("Areas for improvement:" and "Area for improvement:").
    assert {p.section_path[-1] for p in under} == {"Areas for improvement", "Area for improvement"}
    health = _one(report, "Health services for YJS children are limited")
    assert health.section_kind == SectionKind.AREA_FOR_IMPROVEMENT
    assert health.standard_code == "1.3"


def test_bullet_split_across_a_page_break_is_one_passage(report: list[Passage]) -> None:
    p = _one(report, "Both staff and managers are child-centred and")
    assert "Both staff and managers are child-centred and know their children well." in p.text
    assert p.text.startswith("There was evidence in the cases inspected")
    assert p.text.endswith("receiving the services they need.")
    assert not any(q.text.startswith("know their children well") for q in report)
    assert "- know" not in p.text


def test_resettlement_bullet_split_across_page_is_joined(report: list[Passage]) -> None:
    p = _one(report, "It does not outline how")
    assert "It does not outline how the YJS will respond to diversity needs" in p.text
    assert not any(q.text.startswith("the YJS will respond") for q in report)


def test_wrapped_bullet_lines_are_one_passage(report: list[Passage]) -> None:
    p = _one(report, "Volunteers feel valued and part of the service. They are routinely invited")
    assert "invited to team meetings and staff development days" in p.text
    assert "  " not in p.text


def test_no_passage_keeps_markup_or_tabs(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    for p in _all_passages(ingested):
        assert "\t" not in p.text and "\n" not in p.text
        assert "<u>" not in p.text and "</u>" not in p.text
        assert "$^" not in p.text
        assert p.text == p.text.strip()


# --- ids and sentences ----------------------------------------------------------------------


def test_passage_ids_are_unique(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    ids = [p.id for p in _all_passages(ingested)]
    assert len(ids) == len(set(ids))
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids)


def test_passage_ids_are_stable_across_ingests(
    corpus_dir: Path, ingested: dict[str, tuple[Document, list[Passage]]]
) -> None:
    for name in ALL_DOCS:
        again = ingest(corpus_dir / name)[1]
        assert [p.id for p in again] == [p.id for p in ingested[name][1]]
        assert [p.model_dump() for p in again] == [p.model_dump() for p in ingested[name][1]]


def test_passage_ids_survive_a_rename_but_not_an_edit(tmp_path: Path, corpus_dir: Path) -> None:
    original = ingest(corpus_dir / ESSEX)[1]
    renamed = tmp_path / "copy.txt"
    renamed.write_text((corpus_dir / ESSEX).read_text(encoding="utf-8"), encoding="utf-8")
    copy = ingest(renamed)[1]
    assert [p.id for p in copy] == [p.id for p in original]
    edited = tmp_path / "edited.txt"
    edited.write_text(
        (corpus_dir / ESSEX).read_text(encoding="utf-8").replace("fifth highest", "sixth highest"),
        encoding="utf-8",
    )
    changed = ingest(edited)[1]
    assert set(p.id for p in changed).isdisjoint(p.id for p in original)


def test_sentence_spans_index_into_the_text(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    for p in _all_passages(ingested):
        assert p.sentences, p.id
        previous_end = 0
        for span in p.sentences:
            assert 0 <= span.start < span.end <= len(p.text)
            assert span.start >= previous_end
            sentence = p.text[span.start : span.end]
            assert sentence == sentence.strip() and sentence
            previous_end = span.end


def test_sentence_spans_split_a_multi_sentence_paragraph(report: list[Passage]) -> None:
    p = _one(report, "Planning to keep people safe was sufficient in most cases.")
    sentences = [p.text[s.start : s.end] for s in p.sentences]
    assert sentences[0] == "Planning to keep people safe was sufficient in most cases."
    assert sentences[-1] == (
        "Contingency planning to address escalating concerns about the safety of other people "
        "was not sufficiently detailed or relevant to the child's specific circumstances in enough cases."
    )
    assert len(sentences) == 6


def test_no_passage_is_too_long_or_too_short(ingested: dict[str, tuple[Document, list[Passage]]]) -> None:
    for p in _all_passages(ingested):
        words = len(p.text.split())
        assert words <= 200, (p.document, p.ordinal)
        if p.section_kind not in (SectionKind.RATING, SectionKind.TABLE, SectionKind.KEY_QUESTIONS):
            assert words >= 4, (p.document, p.text)


# --- tables and recommendations -------------------------------------------------------------


def test_key_question_tables_are_single_passages(report: list[Passage]) -> None:
    key = [p for p in report if p.section_kind == SectionKind.KEY_QUESTIONS]
    # one per case standard: 2.1-2.4 and 3.1-3.3
    assert sorted(p.standard_code for p in key) == ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"]
    assessment = next(p for p in key if p.standard_code == "2.1")
    assert "how to keep other people safe? 44%" in assessment.text
    assert "how to support the child's desistance? 100%" in assessment.text
    assert assessment.text.startswith("Our rating for assessment is based on the following key questions:")
    planning = next(p for p in key if p.standard_code == "2.2")
    assert "keeping other people safe? 78%" in planning.text
    # The table rows are not also passages of their own.
    assert not any(p.text.startswith("how to keep other people safe?") for p in report)


def test_ratings_table_is_one_rating_passage(report: list[Passage]) -> None:
    ratings = [p for p in report if p.section_path == ["Ratings"] and p.section_kind == SectionKind.RATING]
    assert len(ratings) == 1
    assert "2.4 Reviewing Inadequate" in ratings[0].text
    assert "16/36" in ratings[0].text


def test_standard_rating_is_folded_into_its_description(report: list[Passage]) -> None:
    p = _one(report, "Reviewing of progress is well-informed")
    assert p.text.startswith("2.4 Reviewing: Inadequate. ")
    assert p.section_kind == SectionKind.RATING
    # A bare rating word is never a passage on its own.
    assert not any(p.text in ("Good", "Inadequate", "Requires improvement") for p in report)


def test_recommendations_sit_under_addressee_paths(report: list[Passage]) -> None:
    recs = [p for p in report if p.text[:3] in {f"{n}. " for n in range(1, 8)}]
    assert len(recs) == 7
    for p in recs:
        assert p.section_path[0] == "Recommendations"
        assert p.section_path[1].endswith(" should")
        assert p.section_kind == SectionKind.RECOMMENDATION
    by_number = {p.text[0]: p.section_path[1] for p in recs}
    assert by_number["1"] == "The chair of Southend-on-Sea YJS management board should"
    assert by_number["3"] == "Southend-on-Sea YJS management board should"
    assert by_number["7"] == "Southend-on-Sea YJS Head of Service should"


def test_council_paper_recommendations_have_addressees(
    ingested: dict[str, tuple[Document, list[Passage]]],
) -> None:
    council = ingested[COUNCIL][1]
    police = _one(council, "review the police YJS referral form")
    assert police.section_path[-1] == "The East Sussex Police should"
    assert police.section_kind == SectionKind.RECOMMENDATION
    yjs = _one(council, "robust contingency plans")
    assert yjs.section_path[-1] == "The East Sussex Youth Justice Service should"
    # The form fields at the top are not passages.
    assert not any(
        p.text in ("Cabinet", "13 November 2024", "Director of Children’s Services") for p in council
    )
    assert not any("amanda.watson" in p.text or "07701" in p.text for p in council)


# --- pages ----------------------------------------------------------------------------------


def test_report_pages(report: list[Passage]) -> None:
    def pages(code: str) -> set[int | None]:
        return {p.page for p in report if p.standard_code == code}

    assert pages("2.2") == {17}
    assert pages("2.4") == {19}
    foreword = [p for p in report if p.section_kind == SectionKind.FOREWORD]
    assert len(foreword) == 4
    assert {p.page for p in foreword} == {3}
    assert (
        _one(
            report,
            "Contingency planning to address escalating concerns about the safety of other people was not",
        ).page
        == 17
    )


def test_report_pages_never_decrease(report: list[Passage]) -> None:
    pages = [p.page for p in report if p.page is not None]
    assert len(pages) >= len(report) - 1  # only front matter before the first dated heading
    assert pages == sorted(pages)
    assert pages[-1] <= 27


@pytest.mark.parametrize("name", [PRESS, ESSEX, KENT, COUNCIL])
def test_unpaged_documents_have_no_pages(
    ingested: dict[str, tuple[Document, list[Passage]]], name: str
) -> None:
    assert {p.page for p in ingested[name][1]} == {None}
