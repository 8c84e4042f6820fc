"""A question's trip through the query steps, in order: plan -> retrieve -> rank -> compose -> policy.

The Library hands each question here with the version it reads (an IndexView) and the models it
needs; every step is its own module, and each passes an immutable value to the next.
"""

from __future__ import annotations

from collections.abc import Callable

from yjs_qa.index.embed import Embedder
from yjs_qa.index.rerank import Reranker
from yjs_qa.models import Answer, AnswerPassage, FilterSpec
from yjs_qa.query import compose, policy
from yjs_qa.query.plan import check_question, make_plan
from yjs_qa.query.rank import rank
from yjs_qa.query.retrieve import Mode, retrieve
from yjs_qa.query.view import IndexView

EmbedderOf = Callable[[], Embedder]  # the query model, loaded on first use


def ask(
    view: IndexView,
    question: str,
    k: int,
    spec: FilterSpec,
    embedder: EmbedderOf,
    reranker: Reranker | None,
) -> Answer:
    """The answer: extractive sentences and the k passages behind them, or "not found"."""
    question = check_question(question, k)
    plan = make_plan(question, view, spec)
    qvec = embedder().encode_query(question)
    hits = retrieve(view, plan, question, qvec, Mode.HYBRID)
    ranked = rank(view, plan, hits, question, reranker=reranker, qvec=qvec, embedder=embedder())
    name = None if reranker is None else reranker.name
    return policy.decide(compose.compose(view, plan, ranked, question, k, reranker=name))


def search(
    view: IndexView,
    question: str,
    k: int,
    mode: Mode,
    spec: FilterSpec,
    embedder: EmbedderOf,
    reranker: Reranker | None,
) -> list[AnswerPassage]:
    """The k best passages by one retrieval `mode`, cited; dense and keyword stay single-method
    rankings, for comparison: no cross-encoder re-orders them."""
    question = check_question(question, k)
    plan = make_plan(question, view, spec)
    qvec = embedder().encode_query(question) if mode != Mode.KEYWORD else None
    hits = retrieve(view, plan, question, qvec, mode)
    ranked = rank(view, plan, hits, question, reranker=reranker if mode == Mode.HYBRID else None)
    return [compose.answer_passage(view, n, hit) for n, hit in enumerate(ranked.hits[:k], 1)]
