"""The public API surface."""

from __future__ import annotations

import yjs_qa


def test_all_is_sorted_and_complete() -> None:
    # sorted as ruff's RUF022 sorts it: constants (RATING_NAMES) first, then the rest in order
    assert yjs_qa.__all__ == sorted(yjs_qa.__all__, key=lambda n: (not n.isupper(), n))
    public = {n for n in dir(yjs_qa) if not n.startswith("_") and n[0].isupper()}
    assert public <= set(yjs_qa.__all__)
    for name in yjs_qa.__all__:
        assert hasattr(yjs_qa, name), name


def test_every_public_model_field_is_described() -> None:
    for model in (yjs_qa.Citation, yjs_qa.Document, yjs_qa.Passage, yjs_qa.AnswerPassage):
        for name, field in model.model_fields.items():
            if name != "citation":
                assert field.description, f"{model.__name__}.{name} has no description"
