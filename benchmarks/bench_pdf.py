"""Compare PDF text extraction (pypdf vs pdfplumber) on a report PDF laid out from the Southend-on-Sea text.

Run: .venv/bin/python benchmarks/bench_pdf.py   (needs the dev extras: reportlab, pypdf)
Prints a table: time, word agreement with the source text, footnote markers kept apart from their
word, table rows with their cells apart, and (for yjs-qa's reader) passages equal to the .txt version's.
"""

from __future__ import annotations

import difflib
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from builders import SOUTHEND_FOOTER, make_pdf  # noqa: E402

from yjs_qa.ingest.pipeline import ingest  # noqa: E402

SOURCE = ROOT / "corpus" / "southend-on-sea-2024-hmip-inspection-report.txt"
MARKER = re.compile(r"\b(rating|44%)[⁰¹²³⁴⁵⁶⁷⁸⁹]+")  # "rating⁴": a footnote marker kept apart
MERGED = re.compile(r"\brating\d\b")  # "rating4": a marker fused into the word
ROWS = ("2.1\tAssessment\tInadequate", "keeping other people safe?\t33%", "Foreword\t3")


def words(text: str) -> list[str]:
    text = text.replace(SOUTHEND_FOOTER, " ")
    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹•\-–]", " ", text).split()


def with_pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def with_pdfplumber(path: Path) -> str:
    from yjs_qa.ingest.parse import parse_file

    raw = parse_file(path)
    return "\n".join("\n".join(b.lines) if b.kind == "table" else b.text for b in raw.blocks)


def row_found(text: str, row: str) -> bool:
    return bool(re.search(re.escape(row).replace("\\\t", r"\t+"), text))


def main() -> None:
    source = SOURCE.read_text(encoding="utf-8")
    ref = words(source)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "southend.pdf"
        make_pdf(source, pdf)
        print(
            "| reader | pages | time (median of 5) | word agreement | markers apart | markers fused "
            "| table rows with cells | passages equal to .txt |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        txt_passages = [(p.text, p.section) for p in ingest(SOURCE)[1]]
        readers = (("pypdf 7 extract_text", with_pypdf), ("pdfplumber 0.11 (yjs-qa reader)", with_pdfplumber))
        for name, read in readers:
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                text = read(pdf)
                times.append(time.perf_counter() - t0)
            agree = difflib.SequenceMatcher(a=ref, b=words(text), autojunk=False).ratio()
            rows = sum(row_found(text, r) for r in ROWS)
            equal = "-"
            if "pdfplumber" in name:
                pdf_passages = [(p.text, p.section) for p in ingest(pdf)[1]]
                same = sum(a == b for a, b in zip(txt_passages, pdf_passages, strict=False))
                equal = f"{same}/{len(txt_passages)}"
            median = statistics.median(times)
            print(
                f"| {name} | 24 | {median:.2f} s | {agree:.3f} | {len(MARKER.findall(text))} "
                f"| {len(MERGED.findall(text))} | {rows}/{len(ROWS)} | {equal} |"
            )


if __name__ == "__main__":
    main()
