"""What every yjs-qa command shares: the Typer apps, the options, errors as one line, progress."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from yjs_qa import CrossEncoderReranker, Library, UpdateReport, YjsQaError
from yjs_qa.cli import render
from yjs_qa.cli.render import err

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
KindOpt = Annotated[
    list[str] | None,
    typer.Option("--kind", help="Only this kind of document, e.g. 'annual report', 'press' or 'thematic'."),
]
NoWaitOpt = Annotated[
    bool, typer.Option("--no-wait", help="Fail at once if another process is writing the index.")
]
DEFAULT_INDEX = Path("index")
DEFAULT_CORPUS = Path("corpus")


def rating_settings(values: list[str] | None) -> dict[str, str] | None:
    """`--rating overall=Good --rating 2.1=Inadequate` as {standard: rating} (the Library checks them)."""
    if not values:
        return None
    out: dict[str, str] = {}
    for value in values:
        standard, sep, rating = value.partition("=")
        if not sep or not standard.strip() or not rating.strip():
            err.print(
                f"[bold red]error:[/] --rating {escape(value)!r}: give STANDARD=RATING, e.g. overall=Good "
                "or 2.1=Inadequate (2.1=none drops a rating read in error). Nothing was changed."
            )
            raise typer.Exit(1)
        out[standard.strip()] = rating.strip()
    return out


@contextmanager
def errors_as_exit() -> Iterator[None]:
    """Library errors become one clean line on stderr and exit status 1."""
    try:
        yield
    except YjsQaError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None


@contextmanager
def progress(label: str) -> Iterator[ProgressHook]:
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=None)

        def hook(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield hook


def open_or_build(index: Path, corpus: Path, reranker: Path | None = None) -> Library:
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
        with progress("Embedding passages") as hook:
            _, report = Library.build_with_report(corpus, index, progress=hook)
        render.report_files(report, quiet=True)
    return Library.open(index, reranker=rerank)


def embedding_label(index: Path, sentence_vectors: bool | None = None) -> str:
    """The progress bar's label: what a build or add into `index` embeds."""
    on = Library.stores_sentence_vectors(index) if sentence_vectors is None else sentence_vectors
    return "Embedding passages and sentences" if on else "Embedding passages"


def finish(report: UpdateReport, as_json: bool) -> None:
    if as_json:
        render.print_json(report.model_dump(mode="json"))
    else:
        render.report_files(report)
    if report.failed:
        raise typer.Exit(1)
