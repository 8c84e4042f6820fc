"""PDF, HTML and DOCX reports: built at test time, read back with their sections, pages and errors."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from builders import SOUTHEND_FOOTER, make_lines_pdf, make_pdf
from pypdf import PdfReader, PdfWriter
from support import CORPUS, REPORT

from yjs_qa import InputFileError, Library, SectionKind
from yjs_qa.ingest.parse import parse_file
from yjs_qa.ingest.pipeline import ingest
from yjs_qa.models import Passage
from yjs_qa.ratings import extract_ratings
from yjs_qa.testing import HashEmbedder

SOUTHEND_TXT = CORPUS / REPORT


def _flat(text: str) -> str:
    return re.sub(r"\s+|[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", text)


@pytest.fixture(scope="module")
def southend_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int]]]:
    """The Southend-on-Sea report text laid out as a ~25-page PDF with a running footer and page numbers."""
    path = tmp_path_factory.mktemp("pdf") / "southend-on-sea-2024-hmip-inspection-report.pdf"
    placed = make_pdf(SOUTHEND_TXT.read_text(encoding="utf-8"), path, footer=SOUTHEND_FOOTER)
    return path, placed


@pytest.fixture(scope="module")
def from_pdf(southend_pdf: tuple[Path, list[tuple[str, int]]]) -> list[Passage]:
    return ingest(southend_pdf[0])[1]


# --- PDF: the Southend-on-Sea report as a real PDF ---------------------------------------------


def test_southend_pdf_is_about_25_pages_with_footers(
    southend_pdf: tuple[Path, list[tuple[str, int]]],
) -> None:
    reader = PdfReader(southend_pdf[0])
    assert 22 <= len(reader.pages) <= 28
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert SOUTHEND_FOOTER in text and str(number) in text


def test_pdf_passages_tags_and_sections_match_the_txt(
    southend_pdf: tuple[Path, list[tuple[str, int]]], from_pdf: list[Passage]
) -> None:
    doc_txt, from_txt = ingest(SOUTHEND_TXT)
    doc_pdf, _ = ingest(southend_pdf[0])
    assert (doc_pdf.title, doc_pdf.kind, doc_pdf.service, doc_pdf.date) == (
        doc_txt.title,
        doc_txt.kind,
        doc_txt.service,
        doc_txt.date,
    )
    fields = (
        "text",
        "section_path",
        "section_kind",
        "domain",
        "domain_number",
        "standard_code",
        "standard_name",
    )
    assert len(from_pdf) == len(from_txt) == 191
    for a, b in zip(from_txt, from_pdf, strict=True):
        assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields], a.text[:80]
    # Nothing of the page furniture survives.
    assert not [p for p in from_pdf if SOUTHEND_FOOTER in p.text]
    assert not [p for p in from_pdf if re.search(r"\brating\d", p.text)], "footnote markers fused into words"


def test_every_pdf_passage_cites_the_page_it_was_printed_on(
    southend_pdf: tuple[Path, list[tuple[str, int]]], from_pdf: list[Passage]
) -> None:
    """Pages are checked against where reportlab drew each paragraph, in document order."""
    flat, pages = "", []
    for text, page in southend_pdf[1]:
        piece = _flat(text)
        flat += piece
        pages += [page] * len(piece)
    cursor, checked = 0, 0
    for p in from_pdf:
        if p.section_kind in (SectionKind.KEY_QUESTIONS, SectionKind.RATING, SectionKind.TABLE):
            continue  # tables and folded rating labels are not single drawn paragraphs
        text = _flat(p.text)
        start = flat.find(text[:40], cursor)
        end = flat.find(text[-40:], max(start, 0))
        assert start >= 0 and end >= 0, p.text[:80]
        cursor = start
        first, last = pages[start], pages[end + len(text[-40:]) - 1]
        assert (p.page, p.page_end) == (first, last if last != first else None), p.text[:80]
        checked += 1
    assert checked >= 160
    assert all(p.page is not None for p in from_pdf)
    spanning = [p for p in from_pdf if p.page_end is not None]
    assert len(spanning) >= 3, "paragraphs that run over a page break cite both pages"
    assert all(p.page_end == p.page + 1 for p in spanning)  # type: ignore[operator]


def test_pdf_known_passages_have_known_pages(from_pdf: list[Passage]) -> None:
    def one(start: str) -> Passage:
        (found,) = [p for p in from_pdf if p.text.startswith(start)]
        return found

    ratings = one("nend-on-Sea Youth Justice Service work started June 2024")
    assert ratings.section_path == ["Ratings"] and ratings.page == 6
    planning = one("2.2 Planning: Good.")
    assert planning.section_path == ["Domain two: Court disposals", "2.2 Planning"]
    contingency = one("Planning to keep people safe was sufficient in most cases.")
    assert contingency.standard_code == "2.2" and contingency.page == 17
    discretion = one("Professional discretion was applied at the ratings panel")
    assert discretion.section_kind == SectionKind.FOOTNOTE and discretion.standard_code == "3.3"


def test_pdf_ratings_match_the_txt(
    from_pdf: list[Passage], southend_pdf: tuple[Path, list[tuple[str, int]]]
) -> None:
    doc_pdf, _ = ingest(southend_pdf[0])
    doc_txt, from_txt = ingest(SOUTHEND_TXT)
    by_pdf = {(r.standard_code, r.rating, r.score) for r in extract_ratings([doc_pdf], from_pdf).ratings}
    by_txt = {(r.standard_code, r.rating, r.score) for r in extract_ratings([doc_txt], from_txt).ratings}
    assert by_pdf == by_txt and len(by_pdf) == 14
    (overall,) = [r for r in extract_ratings([doc_pdf], from_pdf).ratings if r.standard_code is None]
    assert overall.page == 6


def test_pdf_is_added_through_the_api_with_page_citations(
    tmp_path: Path, southend_pdf: tuple[Path, list[tuple[str, int]]]
) -> None:
    lib = Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    report = lib.add([southend_pdf[0]])
    assert [f.status for f in report.files] == ["added"]
    hits = lib.search("contingency planning escalating concerns safety of other people", k=20, mode="keyword")
    from_pdf = [h for h in hits if h.document.endswith(".pdf")]
    assert from_pdf and all(h.page is not None for h in from_pdf)
    assert "page " in from_pdf[0].citation.label


# --- PDF: line-level reconstruction -----------------------------------------------------------------


def test_hyphenated_line_breaks_are_joined_by_the_documents_own_spelling(tmp_path: Path) -> None:
    path = tmp_path / "hyphens.pdf"
    lines = [
        "The partnership works well with schools and the police. Staff are child-",
        "centred and the partner-",
        "ship board meets monthly; a child-centred approach runs through the work.",
    ]
    make_lines_pdf([lines], path)
    (block,) = parse_file(path).blocks
    assert "partnership board meets monthly" in block.text  # a soft hyphen goes
    assert "Staff are child-centred and" in block.text  # 'child-centred' is printed whole elsewhere


def test_running_footers_and_page_numbers_are_dropped_and_pages_kept(tmp_path: Path) -> None:
    path = tmp_path / "paged.pdf"
    pages = [[f"Paragraph {n} is about planning on page {n}, and it ends here."] for n in range(1, 5)]
    pages[1] += ["", "This sentence runs over the page break and"]
    pages[2][:0] = ["continues on the next page.", ""]
    make_lines_pdf(pages, path, footer="Inspection of youth justice services in Barnsley")
    blocks = parse_file(path).blocks
    assert [b.page for b in blocks if b.text.startswith("Paragraph")] == [1, 2, 3, 4]
    assert not [b for b in blocks if "Barnsley" in b.text or b.text.isdigit()]
    _, passages = ingest(path)
    (run_on,) = [p for p in passages if p.text.startswith("This sentence runs over")]
    assert run_on.text.endswith("continues on the next page.")
    assert (run_on.page, run_on.page_end) == (2, 3)


def test_printed_page_numbers_are_cited_when_the_file_starts_later(tmp_path: Path) -> None:
    """A PDF whose footers say 11, 12, 13 (an extract) cites those numbers, not 1, 2, 3."""
    path = tmp_path / "extract.pdf"
    source = tmp_path / "full.pdf"
    make_lines_pdf(
        [[f"Page text number {n} with enough words to be a passage."] for n in range(1, 14)], source, "X"
    )
    full = PdfReader(source)
    writer = PdfWriter()
    for page in full.pages[10:13]:
        writer.add_page(page)
    with path.open("wb") as f:
        writer.write(f)
    assert [b.page for b in parse_file(path).blocks] == [11, 12, 13]


# --- PDF: errors -----------------------------------------------------------------------------------


def _refused(path: Path) -> InputFileError:
    with pytest.raises(InputFileError) as info:
        ingest(path)
    assert str(path) in str(info.value)
    return info.value


def test_truncated_pdf_is_refused_with_what_to_do(tmp_path: Path, southend_pdf: tuple[Path, object]) -> None:
    path = tmp_path / "truncated.pdf"
    data = southend_pdf[0].read_bytes()
    path.write_bytes(data[: len(data) // 3])
    err = _refused(path)
    assert "download it again" in err.problem or "damaged" in err.problem


def test_encrypted_pdf_is_refused_with_what_to_do(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    make_lines_pdf([["A confidential paragraph about the service and its board."]], plain)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    err = _refused(path)
    assert "password" in err.problem and "unprotected copy" in err.problem


def test_not_a_pdf_and_scanned_pdf_are_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("Just some text with a .pdf name.", encoding="utf-8")
    assert "not a PDF" in _refused(fake).problem
    blank = tmp_path / "scanned.pdf"
    make_lines_pdf([[], []], blank)
    assert "OCR" in _refused(blank).problem


def test_a_bad_pdf_fails_alone_through_add(tmp_path: Path) -> None:
    lib = Library.build(CORPUS, tmp_path / "index", embedder=HashEmbedder())
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n")
    report = lib.add([bad])
    (failed,) = report.failed
    assert failed.document == "broken.pdf" and failed.reason


# --- HTML ------------------------------------------------------------------------------------------

PRESS_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Barnsley YJS 'Good' - GOV.UK</title></head>
<body>
<div id="cookie-banner"><p>We use cookies to make this site work. Accept all cookies</p></div>
<header class="site-header"><a href="/">GOV.UK</a></header>
<nav class="breadcrumbs"><ol><li>Home</li><li>News</li></ol></nav>
<main>
<h1>Barnsley YJS rated 'Good'</h1>
<p>Barnsley Youth Justice Service (YJS) has received an overall rating of 'Good' following an inspection by
His Majesty's Inspectorate of Probation.</p>
<p>Chief Inspector of Probation Martin Jones said: "Staff know their children well."</p>
<h2>Domain two: Court disposals</h2>
<h3>2.2 Planning</h3>
<p>Planning to keep other people safe was sufficient in most cases, with clear contingency plans in place.</p>
<table><tr><th>Standard</th><th>Rating</th></tr><tr><td>2.2 Planning</td><td>Good</td></tr></table>
<h2>Notes to editors</h2>
<ul><li>This service works with children aged 10 to 17.</li><li>Fieldwork took place in June 2024.</li></ul>
</main>
<aside class="related"><h2>Related content</h2><p>Other inspections you may like to read about.</p></aside>
<footer><p>All content is available under the Open Government Licence v3.0</p></footer>
</body></html>"""


def test_html_drops_furniture_and_headings_give_the_section_path(tmp_path: Path) -> None:
    path = tmp_path / "testshire-press-release.html"
    path.write_text(PRESS_HTML, encoding="utf-8")
    doc, passages = ingest(path)
    assert doc.title == "Barnsley YJS rated 'Good'"
    assert doc.service == "Barnsley"
    texts = " ".join(p.text for p in passages)
    for furniture in ("cookies", "GOV.UK", "Home", "Related content", "Other inspections", "Open Government"):
        assert furniture not in texts
    (planning,) = [p for p in passages if p.text.startswith("Planning to keep other people safe")]
    assert planning.section_path == [
        "Barnsley YJS rated 'Good'",
        "Domain two: Court disposals",
        "2.2 Planning",
    ]
    assert planning.standard_code == "2.2" and planning.domain_number == 2
    notes = [p for p in passages if p.section_kind == SectionKind.NOTES]
    assert [p.text for p in notes] == [
        "This service works with children aged 10 to 17.",
        "Fieldwork took place in June 2024.",
    ]
    assert all(p.page is None for p in passages)
    (overall,) = [r for r in extract_ratings([doc], passages).ratings if r.standard_code is None]
    assert (overall.service, overall.rating, overall.source) == ("Barnsley", "Good", "statement")


def test_html_in_a_legacy_charset_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    html = (
        '<html><head><meta charset="windows-1252"></head><body>'
        "<p>Inspectors said the café-style hub was “welcoming” to children.</p></body></html>"
    )
    path.write_bytes(html.encode("cp1252"))
    (block,) = parse_file(path).blocks
    assert block.text == "Inspectors said the café-style hub was “welcoming” to children."


# --- DOCX ------------------------------------------------------------------------------------------


def _council_docx(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Inspection of youth justice services in Barnsley", style="Title")
    d.add_heading("Background", level=1)
    d.add_paragraph("HM Inspectorate of Probation inspected the Barnsley youth justice service in June 2024.")
    d.add_heading("Ratings", level=1)
    table = d.add_table(rows=4, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("", "Overall rating", "Requires improvement (15/36)"),
            ("2.1", "Assessment", "Inadequate"),
            ("2.2", "Planning", "Good"),
            ("3.1", "Assessment", "Good"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    d.add_heading("Recommendations", level=1)
    d.add_paragraph("The Barnsley YJS Head of Service should:")
    d.add_paragraph("improve assessment of the risk of harm children present to others", style="List Number")
    d.add_paragraph("The chair of the management board should:")
    d.add_paragraph(
        "make sure board members understand the needs of care-experienced children", style="List Bullet"
    )
    d.save(str(path))


def test_docx_headings_give_the_section_path_and_tables_read_as_rows(tmp_path: Path) -> None:
    path = tmp_path / "testshire-cabinet-paper.docx"
    _council_docx(path)
    raw = parse_file(path)
    (table,) = [b for b in raw.blocks if b.kind == "table"]
    assert table.lines[1] == "2.1\tAssessment\tInadequate"
    doc, passages = ingest(path)
    assert doc.title == "Inspection of youth justice services in Barnsley"
    (background,) = [p for p in passages if p.text.startswith("HM Inspectorate of Probation inspected")]
    assert background.section_path == ["Background"] and background.section_kind == SectionKind.BACKGROUND
    ratings = {(r.standard_code, r.rating, r.score) for r in extract_ratings([doc], passages).ratings}
    assert ratings == {
        (None, "Requires improvement", 15),
        ("2.1", "Inadequate", None),
        ("2.2", "Good", None),
        ("3.1", "Good", None),
    }
    recs = [p for p in passages if p.section_kind == SectionKind.RECOMMENDATION]
    assert [p.section_path[-1] for p in recs] == [
        "The Barnsley YJS Head of Service should",
        "The chair of the management board should",
    ]


def test_corrupt_docx_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    _council_docx(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    err = _refused(path)
    assert "save it" in err.problem
    renamed = tmp_path / "old-word.docx"
    renamed.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # an old binary .doc
    assert ".docx" in _refused(renamed).problem


# --- a report not seen before, in the HMIP layout, added through the CLI -----------------------

TESTSHIRE = """An inspection of youth justice services in

Barnsley

HM Inspectorate of Probation, March 2024

Ratings

Barnsley Youth Justice Service\tScore\t21/36
Overall rating\tGood
1.\tOrganisational delivery
1.1\tGovernance and leadership\tGood
1.2\tStaff\tOutstanding
1.3\tPartnerships and services\tGood
1.4\tInformation and facilities\tGood
2.\tCourt disposals
2.1\tAssessment\tRequires improvement
2.2\tPlanning\tGood
2.3\tImplementation and delivery\tGood
2.4\tReviewing\tInadequate
3.\tOut-of-court disposals
3.1\tAssessment\tGood
3.2\tPlanning\tGood
3.3\tImplementation and delivery\tRequires improvement
3.4\tOut-of-court disposal policy and provision\tOutstanding
4.\tResettlement
4.1\tResettlement policy and provision\tGood

Recommendations

Barnsley YJS management board should:

1. make sure that partners share the information needed to keep children safe.

Domain two: Court disposals

2.4. Reviewing

Reviewing of progress is well-informed, analytical and personalised, actively involving the child
and their parents or carers.

Inadequate

Our rating\u2074 for reviewing is based on the following key questions:

Does reviewing focus sufficiently on:\t% 'Yes'
supporting the child's desistance?\t70%
keeping the child safe?\t55%
keeping other people safe?\t40%

Reviewing to keep other people safe was not done when the risk of harm to others changed, and reviews
did not lead to changes in plans in most of the cases we inspected.
"""


def test_an_unseen_hmip_layout_pdf_added_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from yjs_qa.cli.app import app

    real_open = Library.open.__func__  # type: ignore[attr-defined]
    # The fast fake embedder stands in for the model, through the CLI's own Library.open call.
    monkeypatch.setattr(
        Library, "open", classmethod(lambda cls, i, **kw: real_open(cls, i, embedder=HashEmbedder()))
    )

    pdf = tmp_path / "testshire-2024-inspection.pdf"
    placed = make_pdf(TESTSHIRE, pdf, footer="Inspection of youth justice services in Barnsley")
    page_of = {text: page for text, page in placed}
    index = tmp_path / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder())
    runner = CliRunner()
    added = runner.invoke(app, ["add", str(pdf), "--index", str(index), "--json"])
    assert added.exit_code == 0, added.output
    lib = Library.open(index, embedder=HashEmbedder())
    ratings = {r.standard_code: (r.rating, r.score) for r in lib.ratings(service="Barnsley")}
    assert ratings == {
        None: ("Good", 21),
        "1.1": ("Good", None), "1.2": ("Outstanding", None), "1.3": ("Good", None), "1.4": ("Good", None),
        "2.1": ("Requires improvement", None), "2.2": ("Good", None), "2.3": ("Good", None),
        "2.4": ("Inadequate", None), "3.1": ("Good", None), "3.2": ("Good", None),
        "3.3": ("Requires improvement", None), "3.4": ("Outstanding", None), "4.1": ("Good", None),
    }  # fmt: skip
    (overall,) = lib.ratings(service="Barnsley", standard="overall")
    # 2+3+2+2, 1+2+2+0, 2+2+1+3 = 22: the stated 21 is flagged, not trusted.
    assert overall.points_sum == 22 and overall.flags == [
        "the stated score 21/36 disagrees with the standard ratings, which add up to 22/36"
    ]
    assert overall.page == page_of["Overall rating"]
    (reviewing,) = lib.ratings(service="Barnsley", standard="2.4")
    assert [q.percent_yes for q in reviewing.key_questions] == [70, 55, 40]
    assert reviewing.key_question_band == "Inadequate" and reviewing.flags == []
    description = (
        "Reviewing of progress is well-informed, analytical and personalised, actively involving the"
    )
    assert reviewing.source == "ratings table"
    ours = [p for p in lib.passages if p.document == pdf.name]
    section = next(p for p in ours if p.text.startswith("2.4 Reviewing: Inadequate"))
    assert section.page == next(page for text, page in placed if text.startswith(description))
    (rec,) = lib.recommendations(service="Barnsley")
    assert rec.addressee_kind == "management board"
    assert (
        rec.page == page_of["1. make sure that partners share the information needed to keep children safe."]
    )
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    failed = runner.invoke(app, ["add", str(broken), "--index", str(index)])
    assert failed.exit_code == 1 and "broken.docx" in failed.output
