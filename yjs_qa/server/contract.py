"""The API's contract beyond the library's models: one error body for every error, the statuses each
route can answer with, the question's limits, and the filters' values (an enum per index version).

An API fuzzer (schemathesis, tests/server/test_contract.py) checks every response against this schema:
a client generated from it must not meet an undocumented status, an error body of another shape, or
a filter value it was told is valid and then refused.
"""

from __future__ import annotations

import copy
import sys
from typing import Any

from pydantic import BaseModel, Field

from yjs_qa import RATING_NAMES, FilterChoices

# The library refuses longer questions (settings.query.max_question_chars; a test checks they agree).
# Checked here on the text as sent, before the library collapses its whitespace, so that the schema's
# maxLength is exactly what the server enforces.
MAX_QUESTION_CHARS = 2000
# A question needs one character that is not whitespace as Python's str.split() sees it (the library
# collapses whitespace, then refuses an empty question). Written out, so that the schema's pattern
# (ECMA-262 in a client, Rust's regex in pydantic) means the same: their \s differs from Python's.
_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
QUESTION_PATTERN = f"[^{_SPACES}]"


class ErrorBody(BaseModel):
    """Every error the API answers with: a message that says what to do, and the kind of error."""

    detail: str = Field(description="What went wrong and what to do, in plain words.")
    error: str = Field(
        description="The kind: a library error ('UnknownFilterError', 'QuestionError', ...), "
        "'RequestValidationError', 'IndexNotReady', or the HTTP status ('NotFound')."
    )
    field: str | None = Field(None, description="UnknownFilterError: the filter ('service').")
    value: str | None = Field(None, description="UnknownFilterError: the value it did not know.")
    valid: list[str] | None = Field(None, description="UnknownFilterError: the values the index holds.")
    errors: list[dict[str, Any]] | None = Field(
        None, description="RequestValidationError: each problem, with its location (`loc`) and message."
    )


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route that can answer with these error statuses, each an ErrorBody."""
    return {code: {"model": ErrorBody, "description": ERROR_WHEN[code]} for code in codes}


ERROR_WHEN = {
    400: "An empty or too-long question, or a request the library cannot use.",
    401: "No valid `Authorization: Bearer <token>`.",
    403: "Uploads are off on this server.",
    404: "No such document.",
    409: "Another add is running.",
    411: "No Content-Length.",
    413: "The upload is larger than one request may carry.",
    415: "Not multipart/form-data.",
    422: "A filter value the index does not hold (with the valid values), or a parameter out of range.",
    503: "The index is not open yet, or cannot be used.",
}
# What every /api/ route that reads the index can answer with besides 200.
READ_ERRORS = (400, 422, 503)


def values_for(choices: FilterChoices, path: str, name: str) -> list[str] | None:
    """The values of filter `name` on the route at `path`; None for a parameter that is no filter. As
    the MCP tools' enums: a route over ratings or recommendations knows the services those name."""
    if name == "rating":
        return list(RATING_NAMES)
    if name == "service":
        return {
            "/api/ratings/explain": sorted({*choices.services, *choices.counted_services}),
            "/api/ratings": choices.rated_services,
            "/api/rating-counts": choices.counted_services,
            "/api/recommendations": choices.recommended_services,
        }.get(path, choices.services)
    if path == "/api/ratings" and name == "standard":
        return choices.rating_standards
    return {"domain": choices.domains, "standard": choices.standards, "kind": choices.kinds}.get(name)


def one_error_body(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI documents a 422 of its own (`HTTPValidationError`, `detail` a list) on every route with
    parameters; this server answers every error with an ErrorBody, so the schema says that instead."""
    own = {"$ref": "#/components/schemas/HTTPValidationError"}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            response = operation.get("responses", {}).get("422", {})
            content = response.get("content", {}).get("application/json", {})
            if content.get("schema") == own:
                content["schema"] = {"$ref": "#/components/schemas/ErrorBody"}
                response["description"] = ERROR_WHEN[422]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return schema


FILTERS = ("service", "domain", "standard", "kind", "rating")
ONE_VALUE = frozenset({"/api/ratings/explain"})  # routes whose filter takes one value, not a list
ALIASES = (
    " The values this index holds are listed, and an empty value, which is ignored; the forms the "
    "command line takes are accepted too (any case, 'ooc', a domain's number, a standard's code such "
    "as '2.2', the start of a service's name)."
)


def _choice(values: list[str]) -> dict[str, Any]:
    # An empty value means no filter (the library ignores it). A plain string where the index holds
    # no value at all (an enum must list at least one).
    return {"type": "string", "enum": [*values, ""]} if values else {"type": "string"}


def with_vocabulary(base: dict[str, Any], vocab: FilterChoices | None) -> dict[str, Any]:
    """The OpenAPI document `base` with each filter listing the values `vocab` holds.

    A query filter repeats (`?service=a&service=b`), so it is an array of one of the values; the
    JSON body of POST /api/ask takes one value or a list. Without a vocabulary (the index is not
    open yet) filters stay plain strings.
    """
    schema = copy.deepcopy(base)
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            for param in operation.get("parameters", []):
                values = values_for(vocab, path, param["name"]) if vocab else None
                if param.get("in") == "path" and param["name"] == "name" and vocab and vocab.documents:
                    param["schema"]["examples"] = vocab.documents  # what GET /api/documents lists
                if path in ONE_VALUE and param.get("in") == "query" and param["name"] in FILTERS:
                    # One service, named (GET /api/ratings/explain): a string of the index's values.
                    param["schema"] = {"type": "string", "enum": values} if values else {"type": "string"}
                elif param.get("in") == "query" and param["name"] in FILTERS:
                    param["schema"] = {
                        "type": "array",
                        "items": _choice(values) if values is not None else {"type": "string"},
                    }
                    if values:
                        param["description"] = param.get("description", "") + ALIASES
    body = schema.get("components", {}).get("schemas", {}).get("AskRequest", {})
    for name, prop in body.get("properties", {}).items():
        if name in FILTERS:
            values = values_for(vocab, "/api/ask", name) if vocab else None
            one = _choice(values) if values is not None else {"type": "string"}
            prop.pop("anyOf", None)
            prop.update(anyOf=[one, {"type": "array", "items": one}, {"type": "null"}])
    return schema
