"""The yjs-qa command line: options only. Each command makes one Library call and hands the result to
render.py, which prints it as text or JSON. Index commands: index_commands.py; servers: servers.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from yjs_qa import DocKind, FilterSpec, Library
from yjs_qa.cli import render
from yjs_qa.cli.common import (
    DEFAULT_CORPUS,
    DEFAULT_INDEX,
    CorpusOpt,
    IndexOpt,
    JsonOpt,
    KindOpt,
    NoWaitOpt,
    RerankerOpt,
    app,
    embedding_label,
    errors_as_exit,
    finish,
    open_or_build,
    progress,
    rating_settings,
)
from yjs_qa.cli.render import out

__all__ = ["app", "main"]


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    k: Annotated[
        int | None,
        typer.Option(
            "-k",
            "--top",
            min=1,
            max=100,
            help="How many passages to return [default: 8, the settings' default_k].",
        ),
    ] = None,
    service: Annotated[
        list[str] | None, typer.Option("--service", help="Only this service, e.g. 'southend'.")
    ] = None,
    domain: Annotated[
        list[str] | None, typer.Option("--domain", help="Only this domain, e.g. 'court disposals'.")
    ] = None,
    standard: Annotated[
        list[str] | None, typer.Option("--standard", help="Only this standard, e.g. '2.2' or 'planning'.")
    ] = None,
    kind: KindOpt = None,
    as_json: JsonOpt = False,
    index: IndexOpt = DEFAULT_INDEX,
    corpus: CorpusOpt = DEFAULT_CORPUS,
    reranker: RerankerOpt = None,
) -> None:
    """Answer QUESTION with extractive sentences and cited passages."""
    with errors_as_exit():
        lib = open_or_build(index, corpus, reranker)
        answer = lib.ask(question, k=k, filters=FilterSpec.of(service, domain, standard, kind))
    if as_json:
        render.print_json(answer.model_dump(mode="json"))
    else:
        render.answer(answer)


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders to add.")],
    index: IndexOpt = DEFAULT_INDEX,
    service: Annotated[
        str | None,
        typer.Option(
            "--service",
            help="Set the service of these files, e.g. 'Barnsley' or 'southend' (a name or alias in "
            "the services table, or one it lacks, which is noted). Kept through refreshes and rebuilds.",
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
    rating: Annotated[
        list[str] | None,
        typer.Option(
            "--rating",
            help="Set a rating they state, where it was read wrong: STANDARD=RATING, e.g. overall=Good or "
            "2.1=Inadequate ('none' drops a rating read in error). Repeatable; kept through rebuilds.",
            show_default=False,
        ),
    ] = None,
    no_wait: NoWaitOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Add reports to an existing index without re-embedding what is already there, or correct the
    tags and ratings of files already indexed (--service, --kind, --date, --rating)."""
    with errors_as_exit(), progress(embedding_label(index)) as hook:
        report = Library.open(index).add(
            paths,
            service=service,
            kind=kind,
            date=date,
            ratings=rating_settings(rating),
            progress=hook,
            wait=0 if no_wait else -1,
        )
    finish(report, as_json)


@app.command()
def documents(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """Every indexed document with its service, kind, date, framework and passages, and why a service
    is unknown.
    Correct a tag with: yjs-qa add FILE --service S (or a metadata.csv in the corpus)."""
    with errors_as_exit():
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
    with errors_as_exit():
        report = Library.open(index).remove(documents, wait=0 if no_wait else -1)
    finish(report, as_json)


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
    with errors_as_exit():
        report = open_or_build(index, corpus, reranker).evaluate(questions)
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
    kind: KindOpt = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            help="Show every rating statement read for this service, how each step read it and why, "
            "and which reading the ratings data gives.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    index: IndexOpt = DEFAULT_INDEX,
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Ratings the documents state: a table of services by standards, or with filters a list; with
    --explain SERVICE, how each of its statements was read."""
    with errors_as_exit():
        lib = open_or_build(index, corpus)
        if explain is not None:
            explained = lib.explain_ratings(explain)
            if as_json:
                render.print_json(explained.model_dump(mode="json"))
            else:
                render.rating_explanation(explained)
            return
        found = lib.ratings(service=service, standard=standard, rating=rating, unique=not as_json, kind=kind)
        table = (
            None
            if as_json or standard or rating or not found
            else lib.ratings_table(service=service, kind=kind)
        )
        counts = lib.rating_counts(service=service) if table is not None and not kind else []
    if as_json:
        render.print_json([r.model_dump(mode="json") for r in found])
    elif not found:
        out.print("No rating in the index matches these filters.")
    elif table is None:
        for r in found:
            out.print(escape(render.rating_line(r)), highlight=False)
    else:
        render.ratings_table(table)
        render.rating_counts(counts)


@app.command("recommendations")
def recommendations_command(
    service: Annotated[list[str] | None, typer.Option("--service", help="Only this service.")] = None,
    as_json: JsonOpt = False,
    index: IndexOpt = DEFAULT_INDEX,
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Recommendations the documents state, with whom each is addressed to."""
    with errors_as_exit():
        found = open_or_build(index, corpus).recommendations(service=service)
    if as_json:
        render.print_json([r.model_dump(mode="json") for r in found])
    else:
        render.recommendations(found)


# The other command modules register on `app` as they load; here, so --help lists them after these.
from yjs_qa.cli import index_commands, servers  # noqa: E402

__all__ += ["index_commands", "servers"]


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()
