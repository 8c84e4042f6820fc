"""`yjs-qa index build | verify | status`."""

from __future__ import annotations

from typing import Annotated

import typer

from yjs_qa import Library
from yjs_qa.cli import render
from yjs_qa.cli.common import (
    DEFAULT_CORPUS,
    DEFAULT_INDEX,
    CorpusOpt,
    IndexOpt,
    JsonOpt,
    NoWaitOpt,
    embedding_label,
    errors_as_exit,
    finish,
    index_app,
    progress,
)


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
    with errors_as_exit(), progress(embedding_label(index, sentence_vectors)) as hook:
        _, report = Library.build_with_report(
            corpus,
            index,
            prune=prune,
            rebuild=rebuild,
            progress=hook,
            wait=0 if no_wait else -1,
            sentence_vectors=sentence_vectors,
        )
    finish(report, as_json)


@index_app.command("verify")
def index_verify(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """Check that the manifest, passages, vectors, FAISS, BM25 and ONNX export of the index agree."""
    with errors_as_exit():
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
    with errors_as_exit():
        status = Library.open(index).status()
    if as_json:
        render.print_json(status.model_dump(mode="json"))
    else:
        render.status(status)
