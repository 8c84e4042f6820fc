"""How the CLI prints what the Library returns: answers, tables, reports and JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from yjs_qa import (
    Answer,
    Document,
    EvalReport,
    IndexStatus,
    Rating,
    RatingCount,
    RatingExplanation,
    RatingsTable,
    Recommendation,
    UpdateReport,
    VerifyReport,
)

# Piped output is not re-wrapped, so it greps and copies cleanly.
out = Console(soft_wrap=not sys.stdout.isatty())
err = Console(stderr=True, soft_wrap=not sys.stderr.isatty())


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def report_files(report: UpdateReport, quiet: bool = False) -> None:
    counts = {
        s: len(report.with_status(s))
        for s in ("added", "updated", "unchanged", "skipped", "removed", "failed")
    }
    summary = ", ".join(f"{s} {n}" for s, n in counts.items())
    sentences = f" (and {report.sentences_embedded} sentences)" if report.sentences_embedded else ""
    (err if quiet else out).print(
        f"{summary}; {report.passages_total} passages in the index, "
        f"{report.embedded} embedded now{sentences}."
    )
    for f in report.files:
        if f.status in ("failed", "skipped"):
            err.print(f"{f.status}: {escape(f.path)}: {escape(f.reason or '')}")
        elif f.status == "updated" and f.reason:  # same text, new tags
            (err if quiet else out).print(f"retagged: {escape(f.path)}: {escape(f.reason)}")
        if f.note:
            what = "service" if NOT_IN_TABLE in f.note else "no service"
            err.print(f"note: {escape(f.path)}: {what}: {escape(f.note)}")


# The words a note uses for a service the table lacks, which the document was still tagged with.
NOT_IN_TABLE = " is not in the services table"


def answer(answer: Answer) -> None:
    for r in answer.ratings:  # a rating question is answered by the data first
        out.print(f"[bold green]Rating[/] {escape(rating_line(r))}")
        for other in r.disagreeing:  # never resolved silently: both are shown
            out.print(
                f"  [yellow]Sources disagree:[/] {escape(other.document)} states {escape(other.rating)}"
            )
    for count in answer.rating_counts:
        out.print(f"[bold green]Count[/] {escape(count_line(count))}")
    f = answer.filters
    if f.active:
        parts = [
            f"{name}: {', '.join(vals)}"
            for name, vals in (
                ("service", f.services),
                ("domain", f.domains),
                ("standard", f.standards),
                ("kind", f.kinds),
            )
            if vals
        ]
        out.print(f"[dim]Filtered to {'; '.join(parts)}[/]")
    u = answer.understood
    if u.applied or u.expects:
        named = {
            "services": u.services,
            "unknown_services": u.unknown_services,
            "unknown_names": u.unknown_names,
            "domains": u.domains,
            "standards": u.standards,
            "years": [str(y) for y in u.years],
            "regions": u.regions,
            "expanded": u.expanded,
        }
        steer = [f"{', '.join(named.get(k, []))} ({how})" for k, how in u.applied.items() if named.get(k)]
        if u.expects:
            steer.append(f"asks for {u.expects}")
        out.print(f"[dim]Understood: {escape('; '.join(steer))}[/]")
    if answer.reranker:
        out.print(f"[dim]Re-ranked by: {escape(answer.reranker)}[/]")
    if not answer.passages:
        out.print("No passage in the index matches these filters.")
        return
    if not answer.found:
        out.print(f"[bold]{escape(answer.answer)}[/]")
        out.print(f"[dim]({escape(answer.note or '')})[/]")
        out.print("\n[bold]Nearest passages[/]")
    else:
        out.print("[bold]Answer[/]")
        if answer.note:  # an asked rating the documents do not record
            out.print(f"  [dim]{escape(answer.note)}[/]")
        service = ""
        several = len({s.service for s in answer.sentences}) > 1
        for s in answer.sentences:
            if several and s.service != service:
                service = s.service or "Other sources"
                out.print(f" [bold]{escape(service)}[/]")
            out.print(f"  {escape(s.text)} [bold cyan]\\[{s.passage}][/]")
        out.print("\n[bold]Passages[/]")
    for p in answer.passages:
        c = p.citation
        head = " · ".join(
            x for x in (c.service and f"{c.service} YJS", c.title, c.section or c.doc_kind.value) if x
        )
        extra = " · ".join(
            x for x in (c.standard, c.section_kind.value, c.page is not None and f"page {c.page}") if x
        )
        out.print(f"[bold cyan]\\[{p.rank}][/] [bold]{escape(head)}[/]")
        out.print(f"    [dim]{escape(c.document)} · {escape(extra)}[/]")
        out.print("    " + highlighted(p.text, [(h.start, h.end) for h in p.highlights]))


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, last = [], 0
    for start, end in sorted(spans):
        pieces += [escape(text[last:start]), f"[bold yellow]{escape(text[start:end])}[/]"]
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def verify(report: VerifyReport) -> None:
    if report.ok:
        out.print(f"OK: version {report.version}, {report.documents} documents, {report.passages} passages.")
    else:
        for problem in report.problems:
            err.print(f"problem: {escape(problem)}")


def status(status: IndexStatus) -> None:
    out.print(f"Index {status.index_dir} · version {status.version} · built {status.built_at}")
    out.print(f"Model {status.model} ({status.dimension} dims) · format {status.format_version}")
    if status.sentence_vectors:
        out.print("Sentence vectors stored (built with --sentence-vectors)")
    out.print(f"{len(status.documents)} documents, {status.passages} passages")
    for d in status.documents:
        service, date = d.service or "service unknown", d.date or "date unknown"
        out.print(f"  {escape(d.document)}: {d.kind.value}, {service}, {date}, {d.passages} passages")


def documents(docs: list[Document]) -> None:
    if not docs:
        out.print("No documents in the index.")
        return
    for d in docs:
        service = d.service or f"service unknown ({d.tag_note or 'no reason recorded'})"
        if d.service and d.tag_note:
            service = f"{d.service} ({d.tag_note})"
        date = d.date or "date unknown"
        framework = f"{d.framework} framework" if d.framework else "no framework"
        line = f"{d.document}: {service} · {d.kind.value} · {date} · {framework} · {d.passages} passages"
        out.print(escape(line), highlight=False)
    if any(d.service is None for d in docs):
        out.print("Set a service with: yjs-qa add FILE --service NAME (or a metadata.csv in the corpus).")


def evaluation(report: EvalReport) -> None:
    out.print(report.table(), markup=False)
    for mode, missed in report.misses.items():
        if missed:
            out.print(f"{mode}: no hit in top 5 for {', '.join(missed)}", markup=False)
    for question, error in report.errors.items():
        err.print(f"note: {question} could not be asked ({error}); scored as answered with nothing")


def rating_line(r: Rating) -> str:
    score = f" ({r.score}/{r.score_max})" if r.score is not None else ""
    if r.earlier:
        score += f", earlier ({r.year})" if r.year else ", earlier"
    where = " · ".join(x for x in (r.document, r.source, r.page is not None and f"page {r.page}") if x)
    flags = "".join(f" [!] {f}" for f in r.flags)
    return f"{r.service or 'unknown service'} · {r.standard}: {r.rating}{score} · {where}{flags}"


def rating_counts(counts: list[RatingCount]) -> None:
    """Summary counts the documents state, one line each, under the ratings table."""
    if counts:
        out.print("Counts the documents state (no standard named, so not in the table):")
    for c in counts:
        out.print(escape(f"  {count_line(c)}"), highlight=False)


def count_line(c: RatingCount) -> str:
    of = f" of {c.of}" if c.of else ""
    return f"{c.service or 'National figure'} · {c.count}{of} {c.counted} {c.rating} · {c.document}"


def rating_explanation(e: RatingExplanation) -> None:
    """Each statement read for a service: the words, each step's decision and why, what it became."""
    out.print(f"[bold]Ratings of {escape(e.service)}[/]")
    for r in e.ratings:
        out.print(f"  [green]{escape(rating_line(r))}[/]", highlight=False)
        for other in r.disagreeing:
            out.print(f"    [yellow]disagrees:[/] {escape(other.document)} states {escape(other.rating)}")
    for c in e.counts:
        out.print(f"  count: {escape(count_line(c))}", highlight=False)
    if not e.ratings and not e.counts:
        out.print("  No rating of it is recorded in the indexed documents.")
    for document, fixed in e.corrections.items():
        sets = ", ".join(f"{k}={v}" for k, v in fixed.items())
        out.print(f"  set by the user on {escape(document)}: {escape(sets)}")
    out.print(f"[bold]Statements read[/] ({len(e.statements)})")
    for st in e.statements:
        mark = "*" if st.chosen else "-"
        where = f"{st.document}" + (f", page {st.page}" if st.page is not None else "")
        out.print(f" {mark} {escape(st.rating)} · {escape(st.outcome)} · {escape(where)}", highlight=False)
        out.print(f"     '{escape(' '.join(st.text.split()))}'", highlight=False)
        for step in st.steps:
            out.print(f"     {step.step:6} {escape(step.found)}: {escape(step.why)}", highlight=False)
    fix = "Correct one with: yjs-qa add FILE --rating overall=Good"
    out.print(f"[dim]* the reading the ratings data gives. {fix}[/]")


def ratings_table(t: RatingsTable) -> None:
    table = Table("service", "overall", *t.standards, "flags")
    for row in t.rows:
        overall = row.overall
        head = overall and t.short[overall.rating] + (
            f" {overall.score}/{overall.score_max}" if overall.score else ""
        )
        table.add_row(
            row.service or "?",
            head or "",
            *(t.short[row.cells[code].rating] if code in row.cells else "" for code in t.standards),
            str(row.flags) if row.flags else "",
        )
    # Sixteen columns: a narrow terminal must not squeeze them to ellipses.
    Console(width=max(out.width, 150), soft_wrap=out.soft_wrap).print(table)
    legend = " · ".join(f"{code} {rating}" for rating, code in t.short.items())
    out.print(f"{legend}. --json gives sources and flags.")
    # The columns are the 2018-2024 framework's numbers; a later report numbers its own standards.
    for service, labels in t.own_standards.items():
        out.print(escape(f"{service} is rated on its own standards: {', '.join(labels)}."), highlight=False)


def recommendations(found: list[Recommendation]) -> None:
    if not found:
        out.print("No recommendation in the index matches.")
    for r in found:
        number = f"{r.number}. " if r.number is not None else ""
        out.print(
            f"[bold]{escape(r.service or '?')}[/] · {escape(r.addressee)} ({r.addressee_kind}) · "
            f"[dim]{escape(r.document)}{f' · page {r.page}' if r.page is not None else ''}[/]"
        )
        out.print(f"    {number}{escape(r.text)}")
