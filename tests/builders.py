"""Build real PDF and DOCX files at test time: reportlab lays out PDFs, python-docx writes DOCX."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from yjs_qa.ingest.clean import is_heading_like
from yjs_qa.knowledge.patterns import BULLET_MARK, DOMAIN_HEADING
from yjs_qa.models import Document, Passage
from yjs_qa.query.filters import FilterColumns

SOUTHEND_FOOTER = "Inspection of youth justice services in Southend-on-Sea"
SUPERSCRIPT_DIGITS = {ch: str(i) for i, ch in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}
# Sections that start on a new page, as in HMIP's layout.
NEW_PAGE = re.compile(
    r"^(contents|acknowledgements|foreword|ratings|recommendations|background|domain .*|"
    r"involvement of children.*|diversity|4\.1\. resettlement|further information)$",
    re.IGNORECASE,
)

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=7)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=14, bulletIndent=2, spaceAfter=4)
HEADING = ParagraphStyle(
    "heading", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=6, spaceAfter=8
)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=22, leading=28, spaceAfter=18)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)


def markup(text: str) -> str:
    """Text as reportlab Paragraph markup: escape it, keep <u>, raise superscript footnote markers."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("&lt;u&gt;", "<u>").replace("&lt;/u&gt;", "</u>")
    return re.sub(
        "[⁰¹²³⁴⁵⁶⁷⁸⁹]+",
        lambda m: "<super>" + "".join(SUPERSCRIPT_DIGITS[c] for c in m.group(0)) + "</super>",
        text,
    )


def _plain(text: str) -> str:
    return re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]", "0", re.sub(r"</?u>", "", text))


class _Placed(Paragraph):  # type: ignore[misc]
    """A paragraph that notes the page each part of it is drawn on (split parts too)."""

    placed: ClassVar[list[tuple[str, int]]] = []

    def draw(self) -> None:
        _Placed.placed.append((self.getPlainText() or self._lines_text(), self.canv.getPageNumber()))
        super().draw()

    def _lines_text(self) -> str:
        # A split part has no source text, only laid-out lines.
        bl = self.blPara
        if bl.kind == 0:
            return " ".join(" ".join(line[1]) for line in bl.lines)
        return " ".join("".join(getattr(f, "text", "") for f in line.words) for line in bl.lines)


def _footer(text: str | None):  # type: ignore[no-untyped-def]
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if text is None:
            return
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, 1.2 * cm, text)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(doc.page))
        canvas.restoreState()

    return draw


def _table(lines: list[str]) -> Table:
    rows = [line.split("\t") for line in lines]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    cols = [max(stringWidth(_plain(r[i]), "Helvetica", 9) for r in rows) + 14 for i in range(width)]
    data = [[_Placed(markup(c), CELL) for c in r] for r in rows]
    table = Table(data, colWidths=cols, hAlign="LEFT")
    grid = [("GRID", (0, 0), (-1, -1), 0.5, "#888888"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    table.setStyle(TableStyle(grid))
    return table


def text_flowables(text: str) -> list[object]:
    """Lay out report text as extracted from a PDF: blank lines part blocks, '- ' starts a bullet,
    a line starting with a space continues the item above, tab-separated lines are a table."""
    story: list[object] = []
    groups = [g for g in re.split(r"\n\s*\n", text) if g.strip()]
    skip_number = False
    for n, group in enumerate(groups):
        lines = [ln.rstrip() for ln in group.split("\n") if ln.strip()]
        first = lines[0].strip()
        # The text's own page footers are page furniture: the PDF draws its own.
        if first == SOUTHEND_FOOTER:
            skip_number = True
            continue
        if skip_number and first.isdigit():
            skip_number = False
            continue
        skip_number = False
        if sum("\t" in ln.strip() for ln in lines) >= 2 or (len(lines) == 1 and "\t" in first):
            story += [_table(lines), Spacer(1, 8)]
            continue
        items: list[list[str]] = []
        for ln in lines:
            # As parse.text_blocks reads it: a marker starts an item, any other line continues one.
            if not items or BULLET_MARK.match(ln):
                items.append([ln.strip()])
            else:
                items[-1].append(ln.strip())
        for item in items:
            body = " ".join(item)
            if NEW_PAGE.match(body) and story:
                story.append(PageBreak())
            if n < 2:
                story.append(_Placed(markup(body), TITLE))
            elif body.startswith("- "):
                story.append(_Placed(markup(body[2:]), BULLET, bulletText="•"))
            elif is_heading_like(body) or DOMAIN_HEADING.match(body):
                story.append(_Placed(markup(body), HEADING))
            else:
                story.append(_Placed(markup(body), BODY))
        if n == 2:  # the cover page ends after the title and publisher line
            story.append(PageBreak())
    return story


def make_pdf(text: str, out: Path, footer: str | None = SOUTHEND_FOOTER) -> list[tuple[str, int]]:
    """Write `text` as a PDF laid out like a report; returns (paragraph text, page) as placed."""
    _Placed.placed = []
    doc = SimpleDocTemplate(
        str(out), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2.2 * cm
    )
    draw = _footer(footer)
    doc.build(text_flowables(text), onFirstPage=draw, onLaterPages=draw)
    return list(_Placed.placed)


def make_lines_pdf(pages: list[list[str]], out: Path, footer: str | None = None, size: float = 11) -> None:
    """A PDF with exactly these lines on each page (no reflow), for line-level tests such as hyphens.

    An empty string leaves a paragraph gap.
    """
    canvas = Canvas(str(out), pagesize=A4)
    for number, lines in enumerate(pages, 1):
        y = A4[1] - 3 * cm
        for line in lines:
            if line:
                canvas.setFont("Helvetica", size)
                canvas.drawString(2.5 * cm, y, line)
                y -= size * 1.25
            else:
                y -= size
        if footer:
            canvas.setFont("Helvetica", 8)
            canvas.drawString(2 * cm, 1.2 * cm, footer)
            canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(number))
        canvas.showPage()
    canvas.save()


def scan_columns(
    passages: Sequence[Passage], services_of: Sequence[str | None], docs: Mapping[str, Document] | None = None
) -> FilterColumns:
    """The filter columns by a scan of every passage: the oracle FilterColumns.from_rows (which
    reads a version's stored codes) is checked against."""

    def col(values: list[str | None]) -> np.ndarray:
        return np.array(["" if v is None else v for v in values], dtype=object)

    cols = {
        "service": col(list(services_of)),
        "domain": col([p.domain for p in passages]),
        "standard": col([p.standard for p in passages]),
    }
    values = {f: sorted(v for v in set(c.tolist()) if v) for f, c in cols.items()}
    dates = {n: (d.date or "")[:4] for n, d in (docs or {}).items()}
    kinds = {n: d.kind.value for n, d in (docs or {}).items()}
    kind = col([kinds.get(p.document) for p in passages])
    return FilterColumns(
        **cols,
        values={**values, "kind": sorted(v for v in set(kind.tolist()) if v)},
        section_kind=col([p.section_kind.value for p in passages]),
        year=col([dates.get(p.document, "") for p in passages]),
        kind=kind,
    )
