"""Ratings as data: read from ratings tables, standard sections and plain statements, then cross-checked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yjs_qa.ingest.extract.rating_sources import (
    SECTION_RATING,
    SOURCE_RANK,
    SUPERSCRIPT,
    Found,
    canonical,
    table_ratings,
)
from yjs_qa.ingest.extract.rating_statements import is_later_framework, statement_ratings
from yjs_qa.knowledge import framework as F
from yjs_qa.models import Document, KeyQuestion, Passage, Rating, SectionKind, Span

KEY_QUESTION_ROW = re.compile(r"^(?P<question>[^;]+?\?)\s*(?P<pct>\d{1,3})\s*%")
DISCRETION = re.compile(r"\bprofessional discretion\b", re.IGNORECASE)


def extract_ratings(documents: Iterable[Document], passages: Iterable[Passage]) -> list[Rating]:
    """Every rating the documents state, one per document and standard, with checks applied."""
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.document, []).append(p)
    out: list[Rating] = []
    for doc in documents:
        out += document_ratings(doc, by_doc.get(doc.document, []))
    return out


def document_ratings(doc: Document, passages: list[Passage]) -> list[Rating]:
    """The ratings one document states; the best source wins for each standard, others are checks."""
    found: list[Found] = []
    later = is_later_framework(doc.date)
    published = int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None
    for p in passages:
        if p.section_kind == SectionKind.RATING and ";" in p.text:
            found += table_ratings(p)
        elif p.section_kind == SectionKind.RATING and (m := SECTION_RATING.match(p.text)):
            found.append(
                Found(m.group("code"), canonical(m.group("rating")), p, "standard section", m.group(0))
            )
        elif p.section_kind not in (SectionKind.KEY_QUESTIONS, SectionKind.TABLE, SectionKind.FOOTNOTE):
            found += statement_ratings(p, doc.service, later, published)
    if passages and not any(f.code is None and not f.earlier and f.service is None for f in found):
        found += _headline_ratings(doc, passages[0], later)
    _settle_stale(found)
    # The document's own current ratings are checked against each other; another service's ratings
    # (a sentence naming it) and earlier ratings ('up from Inadequate in 2020') are kept apart.
    chosen = _choose(doc, [f for f in found if not f.earlier and f.service is None])
    _add_key_questions(chosen, passages)
    _check_score(chosen)
    order = {s.code: i for i, s in enumerate(F.STANDARDS)}

    def by_standard(r: Rating) -> int:
        return -1 if r.standard_code is None else order.get(r.standard_code, 99)

    others: dict[str, list[Found]] = {}
    for f in found:
        if f.service is not None and not f.earlier:
            others.setdefault(f.service, []).append(f)
    out = sorted(chosen.values(), key=by_standard)
    for fs in others.values():
        out += sorted(_choose(doc, fs).values(), key=by_standard)
    earlier: dict[tuple[str | None, str | None, str, int | None], Rating] = {}
    for f in found:
        if f.earlier:
            earlier.setdefault((f.service, f.code, f.rating, f.year), _rating(doc, f))
    return out + sorted(earlier.values(), key=by_standard)


def _settle_stale(found: list[Found]) -> None:
    """A rating dated years before the document is an earlier one where the document also states a
    current rating of that service and standard ('rated Inadequate in 2019 and is now rated Good');
    otherwise it is the latest the document knows (a council paper on an inspection two years
    before), and stays current, undated."""
    current = {(f.service, f.code) for f in found if not f.earlier and not f.stale}
    for f in found:
        if f.stale:
            f.earlier = (f.service, f.code) in current
            f.year = f.year if f.earlier else None
            f.stale = False


def _headline_ratings(doc: Document, first: Passage, later: bool) -> list[Found]:
    """The overall rating a headline states ('Wigan YOT – rated Good'), where the body states none.
    A title is no passage, so the rating cites the first passage, under which the headline stands."""
    title = doc.title.strip()
    headline = first.model_copy(update={"text": title, "sentences": [Span(start=0, end=len(title))]})
    return [f for f in statement_ratings(headline, doc.service, later) if f.code is None and not f.earlier]


def _choose(doc: Document, found: list[Found]) -> dict[str | None, Rating]:
    """One rating per standard, from the best source; another source that disagrees is a flag."""
    chosen: dict[str | None, Rating] = {}
    for f in sorted(found, key=lambda f: SOURCE_RANK[f.source]):
        if f.code in chosen:
            first = chosen[f.code]
            if first.rating != f.rating:
                first.flags.append(f"the {f.source} in passage {f.passage.id} says {f.rating}: '{f.text}'")
            continue
        chosen[f.code] = _rating(doc, f)
    return chosen


def _rating(doc: Document, f: Found) -> Rating:
    standard = F.standard_by_code(f.code) if f.code else None
    name = standard.name if standard else f.name
    # A report under another framework (2025 on) numbers its own standards: its names are the truth.
    if f.name and standard and F.normalise(f.name) != F.normalise(standard.name):
        name = f.name
    return Rating(
        service=f.service or doc.service,
        standard_code=f.code,
        standard_name=name,
        rating=f.rating,
        score=f.score,
        score_max=f.score_max,
        document=doc.document,
        passage_id=f.passage.id,
        page=f.passage.page,
        source=f.source,
        text=f.text,
        earlier=f.earlier,
        year=f.year,
    )


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
                        KeyQuestion(question=question, percent_yes=pct, band=F.band_for_percent(pct))
                    )
        elif p.section_kind == SectionKind.FOOTNOTE and DISCRETION.search(p.text):
            rating.note = p.text
    for code, rating in chosen.items():
        if code not in F.CASE_STANDARDS or not rating.key_questions:
            continue
        lowest = min(q.percent_yes for q in rating.key_questions)
        rating.key_question_band = F.band_for_percent(lowest)
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
    points = {r.name: r.points for r in F.RATINGS}
    scored = [chosen.get(s.code) for s in F.scored_standards()]
    if all(r is not None for r in scored):
        overall.points_sum = sum(points[r.rating] for r in scored if r is not None)
    if overall.score is not None and overall.points_sum is not None and overall.score != overall.points_sum:
        overall.flags.append(
            f"the stated score {overall.score}/{overall.score_max} disagrees with the standard ratings, "
            f"which add up to {overall.points_sum}/{F.SCORE_MAX}"
        )
    if overall.score is not None and overall.score_max == F.SCORE_MAX:
        band = F.band_for_score(overall.score)
        if band and band != overall.rating:
            overall.flags.append(
                f"the score {overall.score}/{F.SCORE_MAX} is in the {band} band, not {overall.rating}"
            )
