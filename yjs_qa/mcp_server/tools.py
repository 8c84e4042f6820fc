"""The five tools: name, description, argument and result models, and the one Library call each
makes. No MCP types here: server.py turns these into the protocol's tools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from yjs_qa import Answer, FilterChoices, FilterSpec, Library

from .schemas import (
    DocumentsResult,
    RatingsResult,
    RecommendationsResult,
    SearchResult,
    argument_models,
)


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    description: str
    arguments: type[BaseModel]
    result: type[BaseModel]
    run: Callable[[Library, BaseModel, FilterChoices], BaseModel]


def tool_specs(vocab: FilterChoices) -> list[ToolSpec]:
    """The five tools, their argument models (with this index's enums) and result models."""
    args = argument_models(vocab)
    return [
        ToolSpec(
            "ask",
            "Ask the inspection reports",
            "Answer a question with verbatim sentences from the reports and the cited passages behind "
            "them (document, service, domain, standard, section, page). `found` is false when no "
            "passage answers it. A question about a rating also returns the structured ratings.",
            args.ask,
            Answer,
            _ask,
        ),
        ToolSpec(
            "search",
            "Search passages",
            "Ranked passages for a query, each with its citation; no answer sentences.",
            args.search,
            SearchResult,
            _search,
        ),
        ToolSpec(
            "ratings",
            "Inspection ratings",
            "Ratings the documents state (overall and per standard: Outstanding, Good, Requires "
            "improvement, Inadequate), each with its source document, passage, page and any flags.",
            args.ratings,
            RatingsResult,
            _ratings,
        ),
        ToolSpec(
            "recommendations",
            "Inspection recommendations",
            "Recommendations the inspections make, with whom each is addressed to and where it is stated.",
            args.recommendations,
            RecommendationsResult,
            _recommendations,
        ),
        ToolSpec(
            "documents",
            "Indexed documents",
            "The documents in the index: file name, title, kind, service, date and passage count.",
            args.documents,
            DocumentsResult,
            _documents,
        ),
    ]


def _ask(lib: Library, args: BaseModel, vocab: FilterChoices) -> BaseModel:
    a: Any = args
    return lib.ask(a.question, k=a.k, filters=_filters(a))


def _search(lib: Library, args: BaseModel, vocab: FilterChoices) -> BaseModel:
    a: Any = args
    return SearchResult(passages=lib.search(a.question, k=a.k, mode=a.mode, filters=_filters(a)))


def _filters(a: Any) -> FilterSpec:
    """A tool call's filters as the one value the Library takes."""
    return FilterSpec.of(a.service, a.domain, a.standard, a.kind)


def _ratings(lib: Library, args: BaseModel, vocab: FilterChoices) -> BaseModel:
    a: Any = args
    return RatingsResult(
        ratings=lib.ratings(
            service=a.service, standard=a.standard, rating=a.rating, unique=a.unique, kind=a.kind
        ),
        counts=[] if a.standard or a.rating or a.kind else lib.rating_counts(service=a.service),
    )


def _recommendations(lib: Library, args: BaseModel, vocab: FilterChoices) -> BaseModel:
    a: Any = args
    return RecommendationsResult(recommendations=lib.recommendations(service=a.service))


def _documents(lib: Library, args: BaseModel, vocab: FilterChoices) -> BaseModel:
    a: Any = args
    wanted = {a.service} if isinstance(a.service, str) else set(a.service or [])
    docs = [d for d in lib.documents if not wanted or d.service in wanted]
    return DocumentsResult(documents=docs)
