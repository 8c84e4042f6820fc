"""The tools' schemas: result models, and argument models whose filters are enums of the values
one index version holds (Library.filter_choices), made again for each new version."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from yjs_qa import RATING_NAMES, AnswerPassage, Document, FilterChoices, Rating, RatingCount, Recommendation

MAX_K = 100
ASK_K_HELP = "How many passages to return; the settings' default_k (8) when not given."
_SEARCH_MODE: Any = (
    Literal["hybrid", "dense", "keyword"],
    Field("hybrid", description="Ranking: hybrid (default), dense (embeddings) or keyword (BM25)."),
)


class SearchResult(BaseModel):
    """Ranked passages, each with its citation."""

    passages: list[AnswerPassage]


class RatingsResult(BaseModel):
    """Ratings the indexed documents state, each with its source document, passage and page; and the
    summary counts they state ("four of the 12 standards were rated Outstanding"), which name no
    standard."""

    ratings: list[Rating]
    counts: list[RatingCount]


class RecommendationsResult(BaseModel):
    """Recommendations the indexed documents make, with their addressees and sources."""

    recommendations: list[Recommendation]


class DocumentsResult(BaseModel):
    """The documents in the index."""

    documents: list[Document]


def _choices(values: Sequence[str], description: str) -> Any:
    """An optional filter field: one of `values`, or a list of them (any of which may match);
    a plain string when the index holds none, so the schema stays valid."""
    item: Any = str
    if values:  # an enum even for one value (pydantic would write a `const`)
        schema = {"type": "string", "enum": list(values)}
        item = Annotated[Literal.__getitem__(tuple(values)), WithJsonSchema(schema)]
    return (item | list[item] | None, Field(None, description=description))


def _forbid() -> ConfigDict:
    return ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Arguments:
    """Each tool's argument model, with one index version's enums."""

    ask: type[BaseModel]
    search: type[BaseModel]
    ratings: type[BaseModel]
    recommendations: type[BaseModel]
    documents: type[BaseModel]


def argument_models(vocab: FilterChoices) -> Arguments:
    """The argument models of the five tools for `vocab`."""
    question = (str, Field(min_length=1, description="The question, in plain words."))
    filters = {
        "service": _choices(vocab.services, "Only passages from these services' documents."),
        "domain": _choices(vocab.domains, "Only passages in these inspection domains."),
        "standard": _choices(vocab.standards, "Only passages about these standards."),
        "kind": _choices(vocab.kinds, "Only passages from these kinds of document ('annual report')."),
    }
    return Arguments(
        ask=create_model(
            "AskArguments",
            __config__=_forbid(),
            question=question,
            k=(int | None, Field(None, ge=1, le=MAX_K, description=ASK_K_HELP)),
            **filters,
        ),
        search=create_model(
            "SearchArguments",
            __config__=_forbid(),
            question=question,
            k=(int, Field(10, ge=1, le=MAX_K, description="How many passages to return.")),
            mode=_SEARCH_MODE,
            **filters,
        ),
        ratings=create_model(
            "RatingsArguments",
            __config__=_forbid(),
            service=_choices(vocab.rated_services, "Only these services' ratings."),
            standard=_choices(
                vocab.rating_standards, "Only these standards ('Overall': the overall rating)."
            ),
            rating=_choices(list(RATING_NAMES), "Only these ratings."),
            kind=_choices(vocab.kinds, "Only ratings stated by these kinds of document ('press release')."),
            unique=(
                bool,
                Field(
                    True,
                    description="One rating per service and standard, from the best source (a report's "
                    "own table first); false gives every statement of every document.",
                ),
            ),
        ),
        recommendations=create_model(
            "RecommendationsArguments",
            __config__=_forbid(),
            service=_choices(vocab.recommended_services, "Only these services' recommendations."),
        ),
        documents=create_model(
            "DocumentsArguments",
            __config__=_forbid(),
            service=_choices(vocab.services, "Only these services' documents."),
        ),
    )
