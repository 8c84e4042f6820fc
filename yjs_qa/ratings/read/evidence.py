"""What a reading of one rating statement holds: the rating word, each step's decision with its
reason, and the evidence (sentence, passage, page, document kind, headline); and what the scope
step reads from and decides (Context, Scope)."""

from __future__ import annotations

from dataclasses import dataclass, field

from yjs_qa.knowledge import framework as F
from yjs_qa.models import DocKind, Passage, RatingStatement, RatingStep

# The sources a rating is read from, best first: when two of one document disagree, the better one
# leads (both are kept). A headline is a statement in the title.
SOURCE_RANK = {"ratings table": 0, "standard section": 1, "statement": 2, "headline": 2, "correction": -1}


@dataclass(frozen=True)
class Context:
    """Where a sentence stands: its text, the passage's text before it, and its framework."""

    sentence: str
    before: str
    later: bool  # the document is under the 2025 framework, which numbers its own standards

    @property
    def standards(self) -> tuple[F.Standard, ...]:
        return F.FRAMEWORK_2025.standards if self.later else F.STANDARDS

    @property
    def domains(self) -> tuple[F.Domain, ...]:
        return F.FRAMEWORK_2025.domains if self.later else F.DOMAINS


@dataclass(frozen=True)
class Scope:
    """What a rating is of: 'overall', 'standard' (codes), 'count' (count, of, counted) or 'none'.
    A `national` count counts services, not one service's ratings."""

    kind: str
    why: str
    codes: tuple[str, ...] = ()
    count: int | None = None
    of: int | None = None
    counted: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # code -> the 2025 framework's name
    national: bool = False


@dataclass
class Statement:
    """One rating word a document states, as the steps read it (RatingStatement is its public form).

    `service` None means the document's own service; `code` None with scope 'overall' the overall
    rating. `rejected` says why it is no rating of any service (a hope, a count of services, ...)."""

    rating: str
    source: str
    passage: Passage
    text: str
    code: str | None = None
    name: str | None = None  # the standard's name as the document states it
    scope: str = "overall"  # 'overall', 'standard', 'count' or 'none'
    count: int | None = None
    of: int | None = None
    counted: str | None = None
    earlier: bool = False
    year: int | None = None
    # Dated two or more years before the document: earlier if the document states a current rating
    # of the same standard, else its latest known one (reconcile decides).
    stale: bool = False
    service: str | None = None
    score: int | None = None
    score_max: int | None = None
    rejected: str | None = None
    national: bool = False  # a count of services, no one service's: its service stays None
    steps: list[RatingStep] = field(default_factory=list)

    def step(self, step: str, found: str, why: str) -> None:
        self.steps.append(RatingStep(step=step, found=found, why=why))

    @property
    def outcome(self) -> str:
        if self.rejected:
            return self.rejected
        if self.scope == "count":
            return "count"
        if self.scope == "none":
            return "no rating of a service or standard"
        return "earlier rating" if self.earlier else "current rating"

    def public(self, service: str | None, kind: DocKind | None, chosen: bool = False) -> RatingStatement:
        """The statement as the public contract holds it; `service` is the document's."""
        return RatingStatement(
            document=self.passage.document,
            document_kind=kind,
            passage_id=self.passage.id,
            page=self.passage.page,
            text=self.text,
            source=self.source,
            rating=self.rating,
            service=None if self.national else self.service or service,
            standard_code=self.code,
            standard_name=self.name,
            earlier=self.earlier,
            year=self.year,
            steps=list(self.steps),
            outcome=self.outcome,
            chosen=chosen,
        )
