"""Score retrieval on the gold question set: hit@5, recall@10 and MRR@10 per method and kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from yjs_qa.errors import UnknownFilterError, YjsQaError
from yjs_qa.models import Answer, AnswerPassage, FilterSpec
from yjs_qa.query.retrieve import Mode


class Searchable(Protocol):
    """What evaluation needs of a Library: its ranked search and its answers."""

    def search(
        self, question: str, k: int = ..., *, mode: Mode | str = ..., filters: FilterSpec | None = ...
    ) -> list[AnswerPassage]: ...

    def ask(self, question: str, k: int | None = ..., *, filters: FilterSpec | None = ...) -> Answer: ...


class Relevant(BaseModel):
    """A passage that answers a question: its document and a substring of its text."""

    document: str
    contains: str


class Question(BaseModel):
    id: str
    question: str
    kind: str = "topic"
    filters: dict[str, str | list[str] | None] = Field(default_factory=dict)
    relevant: list[Relevant]

    @property
    def spec(self) -> FilterSpec:
        """The question's filters as the one value the Library takes."""
        return FilterSpec.of(**self.filters)


class Scores(BaseModel):
    """Mean metrics over a group of questions."""

    questions: int
    hit_at_5: float
    recall_at_10: float
    mrr_at_10: float


class NotFoundScores(BaseModel):
    """How well the full system says "not found": on no-answer questions, and wrongly elsewhere."""

    no_answer_questions: int
    no_answer_accuracy: float = Field(description="Share of no-answer questions answered 'not found'.")
    answerable_questions: int
    false_not_found: float = Field(description="Share of answerable questions wrongly answered 'not found'.")
    wrong: list[str] = Field(default_factory=list, description="Ids decided wrongly.")


class EvalReport(BaseModel):
    """Scores per retrieval mode, overall and per question kind."""

    questions_file: str
    by_mode: dict[str, Scores]
    by_mode_and_kind: dict[str, dict[str, Scores]]
    misses: dict[str, list[str]] = Field(description="Question ids with no hit in the top 5, per mode.")
    not_found: NotFoundScores | None = None
    errors: dict[str, str] = Field(
        default_factory=dict,
        description="Questions the index could not take (a filter value it does not hold), by id, with "
        "the error: scored as answered with nothing.",
    )

    def table(self) -> str:
        """The scores as Markdown tables (format_table)."""
        return format_table(self)


def load_questions(path: Path) -> list[Question]:
    if not path.is_file():
        raise YjsQaError(f"no question file at {path}")
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                questions.append(Question.model_validate_json(line))
            except ValueError as exc:
                raise YjsQaError(f"{path}:{n}: not a valid question ({exc})") from exc
    return questions


def matches(passage: AnswerPassage, rel: Relevant) -> bool:
    return passage.citation.document == rel.document and rel.contains in passage.text


def score_one(results: list[AnswerPassage], relevant: list[Relevant]) -> tuple[float, float, float]:
    """(hit@5, recall@10, reciprocal rank within 10) for one question."""
    ranks = [next((i for i, p in enumerate(results[:10], 1) if matches(p, rel)), None) for rel in relevant]
    found = [r for r in ranks if r is not None]
    hit5 = 1.0 if any(r <= 5 for r in found) else 0.0
    recall = len(found) / len(relevant) if relevant else 0.0
    mrr = 1.0 / min(found) if found else 0.0
    return hit5, recall, mrr


def _mean(rows: list[tuple[float, float, float]]) -> Scores:
    n = len(rows)
    return Scores(
        questions=n,
        hit_at_5=round(sum(r[0] for r in rows) / n, 3) if n else 0.0,
        recall_at_10=round(sum(r[1] for r in rows) / n, 3) if n else 0.0,
        mrr_at_10=round(sum(r[2] for r in rows) / n, 3) if n else 0.0,
    )


NO_ANSWER = "no-answer"


ASK = "ask"  # the ranking ask() returns: hybrid, then its top passages re-ranked by sentence


def evaluate(lib: Searchable, questions_file: Path, modes: tuple[Mode, ...] = tuple(Mode)) -> EvalReport:
    """Retrieval metrics per mode, and for ask's ranking, on the answerable questions; the
    not-found decision on all."""
    everything = load_questions(questions_file)
    questions = [q for q in everything if q.kind != NO_ANSWER]

    errors: dict[str, str] = {}  # a question the index cannot take (a filter value it lacks)

    def searcher(mode: Mode) -> Callable[[Question], list[AnswerPassage]]:
        def run(q: Question) -> list[AnswerPassage]:
            try:
                return lib.search(q.question, k=10, mode=mode, filters=q.spec)
            except UnknownFilterError as exc:
                errors[q.id] = str(exc)
                return []

        return run

    def ask(q: Question) -> tuple[list[AnswerPassage], bool]:
        try:
            a = lib.ask(q.question, k=10, filters=q.spec)
        except UnknownFilterError as exc:  # scored as a question answered with nothing
            errors[q.id] = str(exc)
            return [], False
        return a.passages, a.found

    runs = {mode.value: searcher(mode) for mode in modes}
    answers = {q.id: ask(q) for q in everything}
    runs[ASK] = lambda q: answers[q.id][0]
    by_mode: dict[str, Scores] = {}
    by_kind: dict[str, dict[str, Scores]] = {}
    misses: dict[str, list[str]] = {}
    for name, run in runs.items():
        rows: list[tuple[float, float, float]] = []
        kinds: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        missed: list[str] = []
        for q in questions:
            row = score_one(run(q), q.relevant)
            rows.append(row)
            kinds[q.kind].append(row)
            if not row[0]:
                missed.append(q.id)
        by_mode[name] = _mean(rows)
        by_kind[name] = {k: _mean(v) for k, v in sorted(kinds.items())}
        misses[name] = missed
    return EvalReport(
        questions_file=str(questions_file),
        by_mode=by_mode,
        by_mode_and_kind=by_kind,
        misses=misses,
        not_found=_not_found(everything, {i: found for i, (_, found) in answers.items()}),
        errors=errors,
    )


def _not_found(questions: list[Question], found_by_id: dict[str, bool]) -> NotFoundScores:
    wrong: list[str] = []
    right_no = right_yes = n_no = 0
    for q in questions:
        found = found_by_id[q.id]
        if q.kind == NO_ANSWER:
            n_no += 1
            right_no += not found
        else:
            right_yes += found
        if found == (q.kind == NO_ANSWER):
            wrong.append(q.id)
    n_yes = len(questions) - n_no
    return NotFoundScores(
        no_answer_questions=n_no,
        no_answer_accuracy=round(right_no / n_no, 3) if n_no else 0.0,
        answerable_questions=n_yes,
        false_not_found=round(1 - right_yes / n_yes, 3) if n_yes else 0.0,
        wrong=wrong,
    )


def format_table(report: EvalReport) -> str:
    """A Markdown table: one row per mode, then per mode and kind."""
    lines = [
        "| method | questions | hit@5 | recall@10 | MRR@10 |",
        "|---|---:|---:|---:|---:|",
    ]
    for mode, s in report.by_mode.items():
        lines.append(
            f"| {mode} | {s.questions} | {s.hit_at_5:.3f} | {s.recall_at_10:.3f} | {s.mrr_at_10:.3f} |"
        )
    lines += [
        "",
        "| method | kind | questions | hit@5 | recall@10 | MRR@10 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for mode, kinds in report.by_mode_and_kind.items():
        for kind, s in kinds.items():
            lines.append(f"| {mode} | {kind} | {_cells(s)} |")
    if (nf := report.not_found) is not None:
        lines += [
            "",
            f"not found: {nf.no_answer_accuracy:.3f} of {nf.no_answer_questions} no-answer questions; "
            f"{nf.false_not_found:.3f} of {nf.answerable_questions} answerable questions wrongly",
        ]
    return "\n".join(lines)


def _cells(s: Scores) -> str:
    return f"{s.questions} | {s.hit_at_5:.3f} | {s.recall_at_10:.3f} | {s.mrr_at_10:.3f}"
