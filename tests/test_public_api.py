"""`yjs_qa.__all__` lists exactly the public names; the test doubles live apart, in `yjs_qa.testing`."""

from __future__ import annotations

import types

import pytest

import yjs_qa

# The public API. Adding or removing a name here is an API change: say so in the CHANGELOG.
PUBLIC = [
    "Answer",
    "AnswerPassage",
    "AnswerSentence",
    "Citation",
    "CrossEncoderReranker",
    "DocKind",
    "Document",
    "Embedder",
    "EvalReport",
    "FileResult",
    "FilterChoices",
    "FilterSpec",
    "Filters",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexStatus",
    "InputFileError",
    "KeyQuestion",
    "Library",
    "Mode",
    "ModelLoadError",
    "Passage",
    "QuestionError",
    "RATING_NAMES",
    "Rating",
    "RatingCount",
    "RatingExplanation",
    "RatingSource",
    "RatingStatement",
    "RatingStep",
    "RatingsRow",
    "RatingsTable",
    "Recommendation",
    "Reranker",
    "SectionKind",
    "SentenceTransformerEmbedder",
    "Span",
    "UnknownFilterError",
    "UpdateReport",
    "VerifyReport",
    "WriterBusyError",
    "YjsQaError",
    "__version__",
]


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(yjs_qa.__all__) == PUBLIC
    assert len(set(yjs_qa.__all__)) == len(yjs_qa.__all__), "a name is listed twice"


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_importable(name: str) -> None:
    assert getattr(yjs_qa, name) is not None
    namespace: dict[str, object] = {}
    exec(f"from yjs_qa import {name}", namespace)
    assert namespace[name] is getattr(yjs_qa, name)


def test_nothing_public_looking_is_left_out_of_all() -> None:
    # Submodules (yjs_qa.library, yjs_qa.index, ...) are attributes once imported, but not names.
    public_looking = {
        name
        for name in dir(yjs_qa)
        if not name.startswith("_") and not isinstance(getattr(yjs_qa, name), types.ModuleType)
    }
    assert public_looking - set(yjs_qa.__all__) == set()


def test_the_test_embedder_is_not_public_but_is_in_testing() -> None:
    from yjs_qa.testing import HashEmbedder

    assert "HashEmbedder" not in yjs_qa.__all__
    assert not hasattr(yjs_qa, "HashEmbedder")
    embedder: yjs_qa.Embedder = HashEmbedder()  # meets the public protocol
    assert embedder.encode(["a", "b"]).shape == (2, embedder.dimension)
    assert (embedder.encode_query("planning") == HashEmbedder().encode_query("planning")).all()


def test_star_import_gives_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from yjs_qa import *", namespace)
    assert {n for n in namespace if n != "__builtins__"} == set(PUBLIC)
