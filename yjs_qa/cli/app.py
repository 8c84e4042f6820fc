"""The yjs-qa command line: options only. Each command makes one Library call and hands the result to
render.py, which prints it as text or JSON."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from yjs_qa import CrossEncoderReranker, DocKind, Library, UpdateReport, YjsQaError
from yjs_qa.cli import render
from yjs_qa.cli.render import err, out

ProgressHook = Callable[[int, int], None]

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Ask questions of youth justice inspection reports."
)
index_app = typer.Typer(no_args_is_help=True, help="Build and inspect the index.")
app.add_typer(index_app, name="index")


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
        envvar="YJS_QA_RERANKER",
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


def _open_or_build(index: Path, corpus: Path, reranker: Path | None = None) -> Library:
    # The folder is checked before any work; the cross-encoder itself loads on the first question.
    rerank = None if reranker is None else CrossEncoderReranker(reranker)
    if not Library.exists(index):
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
        render.report_files(report, quiet=True)
    return Library.open(index, reranker=rerank)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    k: Annotated[
        int, typer.Option("-k", "--top", min=1, max=100, help="How many passages to return.")
    ] = Library.DEFAULT_K,
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
        render.print_json(answer.model_dump(mode="json"))
    else:
        render.answer(answer)


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
    on = Library.stores_sentence_vectors(index) if sentence_vectors is None else sentence_vectors
    return "Embedding passages and sentences" if on else "Embedding passages"


@index_app.command("verify")
def index_verify(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """Check that the manifest, passages, vectors, FAISS, BM25 and ONNX export of the index agree."""
    with _errors():
        report = Library.verify_at(index)
    if as_json:
        render.print_json(report.model_dump(mode="json"))
    else:
        render.verify(report)
    if not report.ok:
        raise typer.Exit(1)


@index_app.command("status")
def index_status(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """What is indexed: documents, passages, model, when built."""
    with _errors():
        status = Library.open(index).status()
    if as_json:
        render.print_json(status.model_dump(mode="json"))
    else:
        render.status(status)


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders to add.")],
    index: IndexOpt = DEFAULT_INDEX,
    service: Annotated[
        str | None,
        typer.Option(
            "--service",
            help="Set the service of these files, e.g. 'Barnsley' or 'southend' (a name or alias in "
            "the services table). Kept through refreshes and rebuilds.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help=f"Set their kind: {', '.join(repr(k.value) for k in DocKind)}.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Set their date: YYYY, YYYY-MM or YYYY-MM-DD.", show_default=False),
    ] = None,
    no_wait: NoWaitOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Add reports to an existing index without re-embedding what is already there, or correct the
    tags of files already indexed (--service, --kind, --date)."""
    with _errors(), _progress(_embedding_label(index)) as hook:
        report = Library.open(index).add(
            paths, service=service, kind=kind, date=date, progress=hook, wait=0 if no_wait else -1
        )
    _finish(report, as_json)


@app.command()
def documents(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """Every indexed document with its service, kind, date and passages, and why a service is unknown.
    Correct a tag with: yjs-qa add FILE --service S (or a metadata.csv in the corpus)."""
    with _errors():
        docs = Library.open(index).documents
    if as_json:
        render.print_json([d.model_dump(mode="json") for d in docs])
    else:
        render.documents(docs)


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
        render.print_json(report.model_dump(mode="json"))
    else:
        render.report_files(report)
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
    with _errors():
        report = _open_or_build(index, corpus, reranker).evaluate(questions)
    if as_json:
        render.print_json(report.model_dump(mode="json"))
    else:
        render.evaluation(report)


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
        found = lib.ratings(service=service, standard=standard, rating=rating, unique=not as_json)
        table = None if as_json or standard or rating or not found else lib.ratings_table(service=service)
    if as_json:
        render.print_json([r.model_dump(mode="json") for r in found])
    elif not found:
        out.print("No rating in the index matches these filters.")
    elif table is None:
        for r in found:
            out.print(escape(render.rating_line(r)), highlight=False)
    else:
        render.ratings_table(table)


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
        render.print_json([r.model_dump(mode="json") for r in found])
    else:
        render.recommendations(found)


@app.command()
def serve(
    index: IndexOpt = DEFAULT_INDEX,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (this machine only by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_uploads: Annotated[
        bool,
        typer.Option(
            "--allow-uploads",
            help="Allow adding reports over HTTP; writes need the token printed at start (or YJS_QA_TOKEN).",
        ),
    ] = False,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            help="Allow this browser origin to call the API (repeatable; none by "
            "default). Env: YJS_QA_CORS_ORIGINS, comma-separated.",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API and web page (needs the [server] extra)."""
    try:
        from yjs_qa.server.run import serve as run_server
    except ImportError as exc:
        err.print(
            f"[bold red]error:[/] {escape(str(exc))}; install the server extra: pip install 'yjs-qa[server]'"
        )
        raise typer.Exit(1) from None
    with _errors():
        run_server(index, host=host, port=port, allow_uploads=allow_uploads, cors_origins=cors_origin or [])


@app.command("mcp")
def mcp_command(index: IndexOpt = DEFAULT_INDEX) -> None:
    """Serve the index to AI assistants over MCP (stdio): ask, search, ratings, recommendations,
    documents. Needs the mcp extra: pip install 'yjs-qa[mcp]'."""
    with _errors():
        from yjs_qa.mcp_server import serve_stdio  # imported here: the other commands start without it

        serve_stdio(index)


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()
