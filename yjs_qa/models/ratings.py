"""Ratings and recommendations as data."""

from __future__ import annotations

from pydantic import BaseModel, Field

from yjs_qa.models.documents import DocKind


class KeyQuestion(BaseModel):
    """One row of a case standard's key-question table: the question and its '% Yes'."""

    question: str = Field(description="The question as the table states it, e.g. 'keeping the child safe?'.")
    percent_yes: int = Field(description="Share of inspected cases answered 'Yes', 0-100.")
    band: str = Field(description="The rating band this share falls in (80+ Outstanding, 65-79 Good, ...).")


class RatingSource(BaseModel):
    """Where a rating is stated: one document's words, for the sources that agree or disagree."""

    document: str = Field(description="File name of the document that states it.")
    document_kind: DocKind | None = Field(None, description="The kind of that document.")
    rating: str = Field(description="The rating it states.")
    passage_id: str = Field(description="Id of the passage it was read from.")
    page: int | None = Field(None, description="Page of that passage, where known.")
    text: str = Field(description="The words it was read from.")


class Rating(BaseModel):
    """A rating a document states: overall (standard_code None) or for one standard, with its source."""

    service: str | None = Field(None, description="Youth justice service rated, e.g. 'East Sussex'.")
    standard_code: str | None = Field(
        None, description="Standard number, e.g. '2.1'; None for the overall rating."
    )
    standard_name: str | None = Field(None, description="Standard name, e.g. 'Assessment'; None for overall.")
    rating: str = Field(description="Outstanding, Good, Requires improvement or Inadequate.")
    score: int | None = Field(None, description="Overall score where the document states one, e.g. 25.")
    score_max: int | None = Field(None, description="What the score is out of, e.g. 36.")
    points_sum: int | None = Field(
        None, description="Overall only: the 0-3 points of the document's twelve standard ratings, added up."
    )
    key_questions: list[KeyQuestion] = Field(
        default_factory=list, description="Case standards: the key-question '% Yes' table."
    )
    key_question_band: str | None = Field(None, description="The band of the lowest key-question score.")
    note: str | None = Field(
        None, description="What the document adds, e.g. professional discretion applied."
    )
    flags: list[str] = Field(
        default_factory=list,
        description="Disagreements found: score vs standards, rating vs key-question band.",
    )
    document: str = Field(description="File name of the document that states it.")
    passage_id: str = Field(description="Id of the passage it was read from.")
    page: int | None = Field(None, description="Page of that passage, where known.")
    source: str = Field(description="How it was stated: 'ratings table', 'standard section' or 'statement'.")
    text: str = Field(description="The words it was read from.")
    earlier: bool = Field(
        False,
        description="A rating the service had before the one the document reports "
        "('up from Inadequate in 2020'); never checked against the current one.",
    )
    year: int | None = Field(
        None, description="Earlier ratings: the year the document dates it by, where stated."
    )
    document_kind: DocKind | None = Field(
        None, description="The kind of document that states it (which source is believed first)."
    )
    headline: bool = Field(False, description="Read from the document's title or headline.")
    agreeing: list[RatingSource] = Field(
        default_factory=list,
        description="Other documents that state the same current rating of this service and standard "
        "(filled where one rating per service and standard is chosen).",
    )
    disagreeing: list[RatingSource] = Field(
        default_factory=list,
        description="Current statements of this service and standard that give another rating: kept "
        "and shown, never silently resolved (filled where one rating per service and standard is chosen).",
    )

    @property
    def standard(self) -> str:
        """'2.1 Assessment', or 'Overall'."""
        return f"{self.standard_code} {self.standard_name}" if self.standard_code else "Overall"


class RatingCount(BaseModel):
    """A summary count a document states ("it received seven 'Good' ratings", "four of the 12
    standards were rated Outstanding"): how many of a service's ratings were one rating, kept as a
    count because it names no standard. A count of services ("three YOTs were rated Inadequate") is
    a national figure: its service is None and `counted` names the services."""

    service: str | None = Field(
        None,
        description="The service whose ratings are counted; None for a count of services, a national figure.",
    )
    rating: str = Field(description="Outstanding, Good, Requires improvement or Inadequate.")
    count: int = Field(description="How many, e.g. 7.")
    of: int | None = Field(None, description="Out of how many, where stated, e.g. 12.")
    counted: str = Field(description="What is counted, as the document says it: 'standards', 'ratings'.")
    document: str = Field(description="File name of the document that states it.")
    passage_id: str = Field(description="Id of the passage it was read from.")
    page: int | None = Field(None, description="Page of that passage, where known.")
    text: str = Field(description="The sentence it was read from.")
    earlier: bool = Field(False, description="A count from an earlier inspection.")
    document_kind: DocKind | None = Field(None, description="The kind of document that states it.")


class RatingsRow(BaseModel):
    """One service's row of the ratings table."""

    service: str | None = Field(None, description="The service; None where a document names none.")
    overall: Rating | None = Field(None, description="Its overall rating, from the best source.")
    cells: dict[str, Rating] = Field(
        default_factory=dict, description="Its standard ratings, by the 2018-2024 framework's numbers."
    )
    flags: int = Field(0, description="How many flags its ratings carry.")


class RatingsTable(BaseModel):
    """Services (rows) by overall rating and standards (columns), one rating per cell from the best
    source: a report's own table over a council paper over a press release over news."""

    standards: list[str] = Field(description="The columns: the 2018-2024 framework's standard numbers.")
    rows: list[RatingsRow] = Field(default_factory=list, description="One row per service, by name.")
    short: dict[str, str] = Field(description="Each rating's abbreviation: 'Requires improvement' -> 'RI'.")
    own_standards: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Services rated on standards of their own (a 2025-framework report), with those labels; "
        "the columns' numbers do not fit them.",
    )


class Recommendation(BaseModel):
    """A recommendation an inspection makes, with whom it is addressed to and where it is stated."""

    service: str | None = Field(None, description="Youth justice service the report is about.")
    number: int | None = Field(None, description="Its number in the report, where numbered.")
    text: str = Field(description="What should be done, as stated.")
    addressee: str = Field(
        description="Who should do it, as stated, e.g. 'Southend-on-Sea YJS Head of Service'."
    )
    addressee_kind: str = Field(
        description="Kind of addressee: board chair, management board, head of service, police, ..."
    )
    document: str = Field(description="File name of the document that states it.")
    passage_id: str = Field(description="Id of the passage it was read from.")
    page: int | None = Field(None, description="Page of that passage, where known.")


class RatingStep(BaseModel):
    """What one reading step decided about a rating statement, and why."""

    step: str = Field(description="'word', 'owner', 'scope' or 'time'.")
    found: str = Field(description="What the step decided, e.g. 'Wigan (the document's service)'.")
    why: str = Field(description="The words or rule that decided it.")


class RatingStatement(BaseModel):
    """One rating word a document states, as the reading steps classified it: which rating, whose,
    of what, of when, and what it became. `yjs-qa ratings --explain` lists them."""

    document: str = Field(description="File name of the document that states it.")
    document_kind: DocKind | None = Field(None, description="The kind of that document.")
    passage_id: str = Field(description="Id of the passage it was read from.")
    page: int | None = Field(None, description="Page of that passage, where known.")
    text: str = Field(description="The sentence, table row or headline it was read from.")
    source: str = Field(description="'ratings table', 'standard section', 'statement' or 'headline'.")
    rating: str = Field(description="The rating word, as the scale names it.")
    service: str | None = Field(None, description="Whose rating it is, where it is a service's.")
    standard_code: str | None = Field(None, description="The standard rated; None for overall or none.")
    standard_name: str | None = Field(None, description="That standard's name.")
    earlier: bool = Field(False, description="A rating from an earlier inspection.")
    year: int | None = Field(None, description="The year it is dated by, where stated.")
    steps: list[RatingStep] = Field(default_factory=list, description="Each step's decision, in order.")
    outcome: str = Field(
        description="What it became: 'current rating', 'earlier rating', 'count', or why it is none."
    )
    chosen: bool = Field(
        False, description="It is the rating the ratings data gives for its service and standard."
    )


class RatingExplanation(BaseModel):
    """Every rating statement read for one service, how each step classified it, and which readings
    the ratings data gives (`yjs-qa ratings --explain SERVICE`)."""

    service: str = Field(description="The service explained.")
    statements: list[RatingStatement] = Field(
        default_factory=list, description="Every statement read of it or in its documents, by document."
    )
    ratings: list[Rating] = Field(
        default_factory=list, description="The ratings chosen: one per standard, current then earlier."
    )
    counts: list[RatingCount] = Field(default_factory=list, description="Its summary counts.")
    corrections: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Ratings a user set, by document: standard -> rating."
    )
