"""The yjs-qa command line: parses options, makes one Library call, prints text or JSON."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from . import store
from .errors import YjsQaError
from .library import Library
from .models import Answer, Rating, UpdateReport
from .rating_select import own_standard
from .rerank import RERANKER_ENV, CrossEncoderReranker
from .update import Progress as ProgressHook

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Ask questions of youth justice inspection reports."
)
index_app = typer.Typer(no_args_is_help=True, help="Build and inspect the index.")
app.add_typer(index_app, name="index")

# Piped output is not re-wrapped, so it greps and copies cleanly.
out = Console(soft_wrap=not sys.stdout.isatty())
err = Console(stderr=True, soft_wrap=not sys.stderr.isatty())


class _StderrNotes(logging.Handler):
    """The library's notes (such as the ONNX fallback) become one line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"[yellow]{escape(record.getMessage())}[/]")


logging.getLogger("yjs_qa").addHandler(_StderrNotes(logging.WARNING))

IndexOpt = Annotated[
    Path, typer.Option("--index", help="Index folder. Env: YJS_QA_INDEX.", envvar="YJS_QA_INDEX")
]
CorpusOpt = Annotated[
    Path, typer.Option("--corpus", help="Corpus folder. Env: YJS_QA_CORPUS.", envvar="YJS_QA_CORPUS")
]
RerankerOpt = Annotated[
    Path | None,
    typer.Option(
        "--reranker",
        help="Folder of a cross-encoder model to re-order the top passages (optional; loads "
        "sentence-transformers, a slower start). Env: YJS_QA_RERANKER.",
        envvar=RERANKER_ENV,
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
NoWaitOpt = Annotated[
    bool, typer.Option("--no-wait", help="Fail at once if another process is writing the index.")
]
DEFAULT_INDEX = Path("index")
DEFAULT_CORPUS = Path("corpus")


@contextmanager
def _errors() -> Iterator[None]:
    """Library errors become one clean line on stderr and exit status 1."""
    try:
        yield
    except YjsQaError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None


@contextmanager
def _progress(label: str) -> Iterator[ProgressHook]:
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=None)

        def hook(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield hook


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _open_or_build(index: Path, corpus: Path, reranker: Path | None = None) -> Library:
    # The folder is checked before any work; the cross-encoder itself loads on the first question.
    rerank = None if reranker is None else CrossEncoderReranker(reranker)
    if not store.exists(index):
        if not corpus.is_dir():  # an empty folder: say what to do, not just what is missing
            raise YjsQaError(
                f"no index at {index} and no corpus folder at {corpus} to build one from. Put the "
                "reports (.pdf, .html, .docx, .md, .txt) in a folder, then run: yjs-qa index build "
                f"--corpus FOLDER --index {index} (or pass --corpus FOLDER to this command; "
                "YJS_QA_CORPUS and YJS_QA_INDEX set the defaults)"
            )
        err.print(f"No index at {index}; building it from {corpus} (first use only).")
        with _progress("Embedding passages") as hook:
            _, report = Library.build_with_report(corpus, index, progress=hook)
        _report_files(report, quiet=True)
    return Library.open(index, reranker=rerank)


def _report_files(report: UpdateReport, quiet: bool = False) -> None:
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


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    k: Annotated[int, typer.Option("-k", "--top", min=1, max=100, help="How many passages to return.")] = 8,
    service: Annotated[
        list[str] | None, typer.Option("--service", help="Only this service, e.g. 'southend'.")
    ] = None,
    domain: Annotated[
        list[str] | None, typer.Option("--domain", help="Only this domain, e.g. 'court disposals'.")
    ] = None,
    standard: Annotated[
        list[str] | None, typer.Option("--standard", help="Only this standard, e.g. '2.2' or 'planning'.")
    ] = None,
    as_json: JsonOpt = False,
    index: IndexOpt = DEFAULT_INDEX,
    corpus: CorpusOpt = DEFAULT_CORPUS,
    reranker: RerankerOpt = None,
) -> None:
    """Answer QUESTION with extractive sentences and cited passages."""
    with _errors():
        lib = _open_or_build(index, corpus, reranker)
        answer = lib.ask(question, k=k, service=service, domain=domain, standard=standard)
    if as_json:
        _print_json(answer.model_dump(mode="json"))
    else:
        _print_answer(answer)


def _print_answer(answer: Answer) -> None:
    for r in answer.ratings:  # a rating question is answered by the data first
        out.print(f"[bold green]Rating[/] {escape(_rating_line(r))}")
    f = answer.filters
    if f.active:
        parts = [
            f"{name}: {', '.join(vals)}"
            for name, vals in (("service", f.services), ("domain", f.domains), ("standard", f.standards))
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
        out.print("    " + _highlighted(p.text, [(h.start, h.end) for h in p.highlights]))


def _highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, last = [], 0
    for start, end in sorted(spans):
        pieces += [escape(text[last:start]), f"[bold yellow]{escape(text[start:end])}[/]"]
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


@index_app.command("build")
def index_build(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    index: IndexOpt = DEFAULT_INDEX,
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop documents whose files are gone from the corpus.")
    ] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything from scratch.")] = False,
    sentence_vectors: Annotated[
        bool | None,
        typer.Option(
            "--sentence-vectors/--no-sentence-vectors",
            help="Store a vector for every sentence: questions skip embedding the sentences of their "
            "top passages, builds embed about twice as much. Default: keep the index's setting "
            "(on for a new index); later adds and removes follow it.",
            show_default=False,
        ),
    ] = None,
    no_wait: NoWaitOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Build the index from a corpus folder, or refresh it: only new or changed files are embedded."""
    with _errors(), _progress(_embedding_label(index, sentence_vectors)) as hook:
        _, report = Library.build_with_report(
            corpus,
            index,
            prune=prune,
            rebuild=rebuild,
            progress=hook,
            wait=0 if no_wait else -1,
            sentence_vectors=sentence_vectors,
        )
    _finish(report, as_json)


def _embedding_label(index: Path, sentence_vectors: bool | None = None) -> str:
    """The progress bar's label: what a build or add into `index` embeds."""
    on = store.recorded_sentence_vectors(index) if sentence_vectors is None else sentence_vectors
    return "Embedding passages and sentences" if on else "Embedding passages"


@index_app.command("verify")
def index_verify(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """Check that the manifest, passages, vectors, FAISS, BM25 and ONNX export of the index agree."""
    with _errors():
        report = Library.verify_at(index)
    if as_json:
        _print_json(report.model_dump(mode="json"))
    elif report.ok:
        out.print(f"OK: version {report.version}, {report.documents} documents, {report.passages} passages.")
    else:
        for problem in report.problems:
            err.print(f"problem: {escape(problem)}")
    if not report.ok:
        raise typer.Exit(1)


@index_app.command("status")
def index_status(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """What is indexed: documents, passages, model, when built."""
    with _errors():
        status = Library.open(index).status()
    if as_json:
        _print_json(status.model_dump(mode="json"))
        return
    out.print(f"Index {status.index_dir} · version {status.version} · built {status.built_at}")
    out.print(f"Model {status.model} ({status.dimension} dims) · format {status.format_version}")
    if status.sentence_vectors:
        out.print("Sentence vectors stored (built with --sentence-vectors)")
    out.print(f"{len(status.documents)} documents, {status.passages} passages")
    for d in status.documents:
        service, date = d.service or "service unknown", d.date or "date unknown"
        out.print(f"  {escape(d.document)}: {d.kind.value}, {service}, {date}, {d.passages} passages")


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders to add.")],
    index: IndexOpt = DEFAULT_INDEX,
    no_wait: NoWaitOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Add reports to an existing index without re-embedding what is already there."""
    with _errors(), _progress(_embedding_label(index)) as hook:
        report = Library.open(index).add(paths, progress=hook, wait=0 if no_wait else -1)
    _finish(report, as_json)


@app.command()
def remove(
    documents: Annotated[
        list[str], typer.Argument(help="Document file names, as `index status` lists them.")
    ],
    index: IndexOpt = DEFAULT_INDEX,
    no_wait: NoWaitOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Remove documents from the index: passages, vectors and keyword entries together."""
    with _errors():
        report = Library.open(index).remove(documents, wait=0 if no_wait else -1)
    _finish(report, as_json)


def _finish(report: UpdateReport, as_json: bool) -> None:
    if as_json:
        _print_json(report.model_dump(mode="json"))
    else:
        _report_files(report)
    if report.failed:
        raise typer.Exit(1)


@app.command("eval")
def eval_command(
    questions: Annotated[Path, typer.Option("--questions", help="Gold questions, JSON lines.")] = Path(
        "eval/questions.jsonl"
    ),
    index: IndexOpt = DEFAULT_INDEX,
    corpus: CorpusOpt = DEFAULT_CORPUS,
    as_json: JsonOpt = False,
    reranker: RerankerOpt = None,
) -> None:
    """Score retrieval on the gold questions: full system vs keyword-only vs dense-only."""
    from .evaluate import evaluate, format_table

    with _errors():
        report = evaluate(_open_or_build(index, corpus, reranker), questions)
    if as_json:
        _print_json(report.model_dump(mode="json"))
    else:
        out.print(format_table(report), markup=False)
        for mode, missed in report.misses.items():
            if missed:
                out.print(f"{mode}: no hit in top 5 for {', '.join(missed)}", markup=False)


def _rating_line(r: Rating) -> str:
    score = f" ({r.score}/{r.score_max})" if r.score is not None else ""
    where = " · ".join(x for x in (r.document, r.source, r.page is not None and f"page {r.page}") if x)
    flags = "".join(f" [!] {f}" for f in r.flags)
    return f"{r.service or 'unknown service'} · {r.standard}: {r.rating}{score} · {where}{flags}"


@app.command("ratings")
def ratings_command(
    service: Annotated[list[str] | None, typer.Option("--service", help="Only this service.")] = None,
    standard: Annotated[
        list[str] | None,
        typer.Option("--standard", help="Only this standard: '2.1', 'planning' or 'overall'."),
    ] = None,
    rating: Annotated[
        list[str] | None, typer.Option("--rating", help="Only this rating, e.g. 'Inadequate'.")
    ] = None,
    as_json: JsonOpt = False,
    index: IndexOpt = DEFAULT_INDEX,
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Ratings the documents state: a table of services by standards, or with filters a list."""
    with _errors():
        lib = _open_or_build(index, corpus)
        filtered = bool(standard or rating)
        found = lib.ratings(service=service, standard=standard, rating=rating, unique=not as_json)
    if as_json:
        _print_json([r.model_dump(mode="json") for r in found])
    elif not found:
        out.print("No rating in the index matches these filters.")
    elif filtered:
        for r in found:
            out.print(escape(_rating_line(r)), highlight=False)
    else:
        _print_ratings_table(found)


def _print_ratings_table(found: list[Rating]) -> None:
    from rich.table import Table

    from .framework import STANDARDS

    short = {"Outstanding": "O", "Good": "G", "Requires improvement": "RI", "Inadequate": "I"}
    table = Table("service", "overall", *(s.code for s in STANDARDS), "flags")
    cells: dict[str | None, dict[str | None, Rating]] = {}
    for r in found:
        cells.setdefault(r.service, {})[r.standard_code] = r
    for service, row in sorted(cells.items(), key=lambda kv: kv[0] or ""):
        overall = row.get(None)
        head = overall and short[overall.rating] + (
            f" {overall.score}/{overall.score_max}" if overall.score else ""
        )
        flagged = sum(len(r.flags) for r in row.values())
        table.add_row(
            service or "?",
            head or "",
            *(short[row[s.code].rating] if s.code in row else "" for s in STANDARDS),
            str(flagged) if flagged else "",
        )
    # Sixteen columns: a narrow terminal must not squeeze them to ellipses.
    Console(width=max(out.width, 150), soft_wrap=out.soft_wrap).print(table)
    out.print(
        "O Outstanding · G Good · RI Requires improvement · I Inadequate. --json gives sources and flags."
    )
    # The columns are the 2018-2024 framework's numbers; a later report numbers its own standards.
    own: dict[str, list[str]] = {}
    for r in found:
        if own_standard(r):
            own.setdefault(r.service or "?", []).append(r.standard)
    for service, labels in sorted(own.items()):
        out.print(escape(f"{service} is rated on its own standards: {', '.join(labels)}."), highlight=False)


@app.command("recommendations")
def recommendations_command(
    service: Annotated[list[str] | None, typer.Option("--service", help="Only this service.")] = None,
    as_json: JsonOpt = False,
    index: IndexOpt = DEFAULT_INDEX,
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Recommendations the documents state, with whom each is addressed to."""
    with _errors():
        found = _open_or_build(index, corpus).recommendations(service=service)
    if as_json:
        _print_json([r.model_dump(mode="json") for r in found])
        return
    if not found:
        out.print("No recommendation in the index matches.")
    for r in found:
        number = f"{r.number}. " if r.number is not None else ""
        out.print(
            f"[bold]{escape(r.service or '?')}[/] · {escape(r.addressee)} ({r.addressee_kind}) · "
            f"[dim]{escape(r.document)}{f' · page {r.page}' if r.page is not None else ''}[/]"
        )
        out.print(f"    {number}{escape(r.text)}")


@app.command("mcp")
def mcp_command(index: IndexOpt = DEFAULT_INDEX) -> None:
    """Serve the index to AI assistants over MCP (stdio): ask, search, ratings, recommendations,
    documents. Needs the mcp extra: pip install 'yjs-qa[mcp]'."""
    with _errors():
        from .mcp_server import serve_stdio  # imported here: the other commands start without it

        serve_stdio(index)


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()
