"""From a document's statements to its ratings and counts.

Per document: a stale rating (dated years before the document) is earlier where the document also
states a current one; one current rating per service and standard leads, from the best source (a
ratings table over a section head over a sentence), and a current statement that disagrees is kept
beside it, both flagged; earlier ratings are kept apart; counts are counts. A rating a user set
(corrections) replaces what was read of that standard. Across documents, select.py picks one per
service and standard and lists the sources that agree and disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.scale import (
    CASE_STANDARDS,
    RATINGS,
    SCORE_MAX,
    band_for_percent,
    band_for_score,
    rating_for,
    scored_standards,
)
from yjs_qa.models import (
    Document,
    KeyQuestion,
    Passage,
    Rating,
    RatingCount,
    RatingStatement,
    SectionKind,
)
from yjs_qa.ratings.read import read_document
from yjs_qa.ratings.read.evidence import SOURCE_RANK, Statement
from yjs_qa.ratings.vocabulary import DISCRETION, KEY_QUESTION_ROW, SUPERSCRIPT

OVERALL_KEY = "overall"  # how a correction names the overall rating


@dataclass
class DocumentRatings:
    """What one document states about ratings, reconciled."""

    ratings: list[Rating] = field(default_factory=list)
    counts: list[RatingCount] = field(default_factory=list)
    statements: list[RatingStatement] = field(default_factory=list)

    def extend(self, other: DocumentRatings) -> None:
        self.ratings += other.ratings
        self.counts += other.counts
        self.statements += other.statements


def extract(
    documents: Iterable[Document],
    passages: Iterable[Passage],
    corrections: Mapping[str, Mapping[str, str]] | None = None,
) -> DocumentRatings:
    """Every document's ratings, counts and statements. `corrections`: by document file name, the
    ratings a user set ('overall' or a standard's code -> a rating, or 'none' to drop what was read)."""
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.document, []).append(p)
    out = DocumentRatings()
    for doc in documents:
        fixes = (corrections or {}).get(doc.document, {})
        out.extend(reconcile_document(doc, by_doc.get(doc.document, []), fixes))
    return out


def reconcile_document(
    doc: Document, passages: list[Passage], fixes: Mapping[str, str] | None = None
) -> DocumentRatings:
    """One document's ratings, counts and statements."""
    found = read_document(doc, passages)
    _settle_stale(found)
    kept = [s for s in found if s.rejected is None and s.scope in ("overall", "standard")]
    own = [s for s in kept if not s.earlier and s.service is None]
    chosen = _choose(doc, own)
    corrected = _corrections(doc, passages, fixes or {}, chosen)
    leading: dict[str | None, Rating] = {}
    for r in chosen:  # the leading rating of each standard comes first
        leading.setdefault(r.standard_code, r)
    _add_key_questions(leading, passages)
    _check_score(leading)
    others: dict[str, list[Statement]] = {}
    for s in kept:
        if s.service is not None and not s.earlier:
            others.setdefault(s.service, []).append(s)
    ratings = _ordered(chosen)
    for theirs in others.values():
        ratings += _ordered(_choose(doc, theirs))
    earlier: dict[tuple[str | None, str | None, str, int | None], Rating] = {}
    for s in kept:
        if s.earlier:
            earlier.setdefault((s.service, s.code, s.rating, s.year), _rating(doc, s))
    ratings += _ordered(list(earlier.values()))
    counts = _counts(doc, found)
    used = {(r.passage_id, r.text, r.standard_code, r.rating) for r in ratings}
    statements: list[RatingStatement] = [
        s.public(
            doc.service,
            doc.kind,
            chosen=(s.passage.id, s.text, s.code, s.rating) in used and s.scope != "count",
        )
        for s in found
    ]
    statements += corrected
    return DocumentRatings(ratings, counts, statements)


def _ordered(ratings: list[Rating]) -> list[Rating]:
    order = {s.code: i for i, s in enumerate(F.STANDARDS)}
    return sorted(ratings, key=lambda r: -1 if r.standard_code is None else order.get(r.standard_code, 99))


def _settle_stale(found: list[Statement]) -> None:
    """A rating dated two or more years before the document is an earlier one where the document also
    states a current rating of that service and standard ('rated Inadequate in 2019 and is now rated
    Good'); otherwise it is the latest the document knows (a council paper on an inspection two
    years before), and stays current, undated."""
    current = {
        (s.service, s.code)
        for s in found
        if not s.earlier and not s.stale and s.rejected is None and s.scope in ("overall", "standard")
    }
    for s in found:
        if s.stale:
            s.earlier = (s.service, s.code) in current
            s.year = s.year if s.earlier else None
            s.stale = False
            s.step(
                "time",
                "earlier" if s.earlier else "current",
                "the document also states a current rating of it"
                if s.earlier
                else "the latest rating the document states",
            )


def _choose(doc: Document, found: list[Statement]) -> list[Rating]:
    """One leading rating per standard, from the best source; a statement that disagrees with it is
    kept beside it, and both are flagged."""
    leading: dict[str | None, Rating] = {}
    beside: list[Rating] = []
    seen: set[tuple[str | None, str]] = set()
    for s in sorted(found, key=_strength):
        first = leading.get(s.code)
        if first is None:
            leading[s.code] = _rating(doc, s)
            seen.add((s.code, s.rating))
            continue
        if first.rating == s.rating or (s.code, s.rating) in seen:
            continue
        seen.add((s.code, s.rating))
        first.flags.append(f"the {s.source} in passage {s.passage.id} says {s.rating}: '{s.text}'")
        other = _rating(doc, s)
        other.flags.append(
            f"the {first.source} in passage {first.passage_id} says {first.rating}: '{first.text}'"
        )
        beside.append(other)
    return [*leading.values(), *beside]


def _strength(s: Statement) -> tuple[int, int]:
    """Which of a document's statements of one standard leads: the better source, then one said to
    be overall ('an overall rating of', 'rated Good overall'), then the first."""
    said_overall = s.scope == "overall" and "overall" in s.text.lower()
    return SOURCE_RANK[s.source], 0 if said_overall else 1


def _rating(doc: Document, s: Statement) -> Rating:
    standard = F.standard_by_code(s.code) if s.code else None
    name = standard.name if standard else s.name
    # A report under another framework (2025 on) numbers its own standards: its names are the truth.
    if s.name and standard and F.normalise(s.name) != F.normalise(standard.name):
        name = s.name
    return Rating(
        service=s.service or doc.service,
        standard_code=s.code,
        standard_name=name,
        rating=s.rating,
        score=s.score,
        score_max=s.score_max,
        document=doc.document,
        passage_id=s.passage.id,
        page=s.passage.page,
        source=s.source,
        text=s.text,
        earlier=s.earlier,
        year=s.year,
        document_kind=doc.kind,
        headline=s.source == "headline",
    )


def _counts(doc: Document, found: list[Statement]) -> list[RatingCount]:
    out: dict[tuple[str | None, str, int, int | None, bool], RatingCount] = {}
    for s in found:
        if s.rejected is not None or s.scope != "count" or s.count is None:
            continue
        service = None if s.national else s.service or doc.service
        if service is None and not s.national:
            continue
        out.setdefault(
            (service, s.rating, s.count, s.of, s.earlier),
            RatingCount(
                service=service,
                rating=s.rating,
                count=s.count,
                of=s.of,
                counted=s.counted or "areas",
                document=doc.document,
                passage_id=s.passage.id,
                page=s.passage.page,
                text=s.text,
                earlier=s.earlier,
                document_kind=doc.kind,
            ),
        )
    return list(out.values())


def _corrections(
    doc: Document, passages: list[Passage], fixes: Mapping[str, str], chosen: list[Rating]
) -> list[RatingStatement]:
    """Apply the ratings a user set on this document: each replaces what was read of its standard
    ('none' only drops it). Returns the corrections as statements, for --explain."""
    out: list[RatingStatement] = []
    for key, value in fixes.items():
        code = None if key == OVERALL_KEY else key
        chosen[:] = [r for r in chosen if r.standard_code != code]
        if value.lower() == "none" or not passages:
            continue
        rating = rating_for(value)
        name = rating.name if rating else value
        standard = F.standard_by_code(code) if code else None
        text = f"set by the user: {key} {name}"
        chosen.append(
            Rating(
                service=doc.service,
                standard_code=code,
                standard_name=standard.name if standard else None,
                rating=name,
                document=doc.document,
                passage_id=passages[0].id,
                page=passages[0].page,
                source="correction",
                text=text,
                document_kind=doc.kind,
            )
        )
        out.append(
            RatingStatement(
                document=doc.document,
                document_kind=doc.kind,
                passage_id=passages[0].id,
                page=passages[0].page,
                text=text,
                source="correction",
                rating=name,
                service=doc.service,
                standard_code=code,
                standard_name=standard.name if standard else None,
                outcome="current rating",
                chosen=True,
            )
        )
    return out


def _add_key_questions(chosen: dict[str | None, Rating], passages: list[Passage]) -> None:
    """Attach each case standard's key questions and discretion note; flag a rating outside its band."""
    for p in passages:
        code = p.standard_code
        if code is None or code not in chosen:
            continue
        rating = chosen[code]
        if p.section_kind == SectionKind.KEY_QUESTIONS and not rating.key_questions:
            for row in (SUPERSCRIPT.sub("", r).strip() for r in p.text.split(";")):
                if m := KEY_QUESTION_ROW.match(row):
                    pct = int(m.group("pct"))
                    question = m.group("question").strip()
                    rating.key_questions.append(
                        KeyQuestion(question=question, percent_yes=pct, band=band_for_percent(pct))
                    )
        elif p.section_kind == SectionKind.FOOTNOTE and DISCRETION.search(p.text):
            rating.note = p.text
    for code, rating in chosen.items():
        if code not in CASE_STANDARDS or not rating.key_questions:
            continue
        lowest = min(q.percent_yes for q in rating.key_questions)
        rating.key_question_band = band_for_percent(lowest)
        if rating.key_question_band != rating.rating:
            why = f"; the report notes: {rating.note}" if rating.note else ""
            rating.flags.append(
                f"rated {rating.rating}, but the lowest key-question score ({lowest}% Yes) is in the "
                f"{rating.key_question_band} band{why}"
            )


def _check_score(chosen: dict[str | None, Rating]) -> None:
    """Add up the twelve scored standards; flag an overall score or rating that disagrees."""
    overall = chosen.get(None)
    if overall is None:
        return
    points = {r.name: r.points for r in RATINGS}
    scored = [chosen.get(s.code) for s in scored_standards()]
    if all(r is not None for r in scored):
        overall.points_sum = sum(points[r.rating] for r in scored if r is not None)
    if overall.score is not None and overall.points_sum is not None and overall.score != overall.points_sum:
        overall.flags.append(
            f"the stated score {overall.score}/{overall.score_max} disagrees with the standard ratings, "
            f"which add up to {overall.points_sum}/{SCORE_MAX}"
        )
    if overall.score is not None and overall.score_max == SCORE_MAX:
        band = band_for_score(overall.score)
        if band and band != overall.rating:
            overall.flags.append(
                f"the score {overall.score}/{SCORE_MAX} is in the {band} band, not {overall.rating}"
            )
