"""Ratings as data: read from ratings tables, standard sections and plain statements, then cross-checked."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from yjs_qa.ingest.tag import infer_from_text, service_key, service_table
from yjs_qa.knowledge import framework as F
from yjs_qa.models import Document, KeyQuestion, Passage, Rating, SectionKind

RATING_WORDS = r"outstanding|good|requires? improvements?|required improvement|inadequate"
Q = r"['\"‘’“”]?"  # optional quote around a rating word

# --- rows of a ratings table (a linearised table has one cell per row) ---------------------------
OVERALL_LABEL = re.compile(r"\bover\w*\s*(?:all\s+)?(?:rating|judgement|grade)\b:?", re.IGNORECASE)
TABLE_SCORE = re.compile(r"\b(?P<score>\d{1,2})\s*/\s*(?P<max>\d{2})\b")
RATING_CELL = re.compile(
    rf"^{Q}(?P<rating>{RATING_WORDS}){Q}\s*(?:\((?P<score>\d{{1,2}})\s*/\s*(?P<max>\d{{2}})\))?\.?$",
    re.IGNORECASE,
)
INLINE_STANDARD = re.compile(
    rf"^(?P<code>\d\.\d)\.?\s+(?P<name>.+?)\s+(?P<rating>{RATING_WORDS})$", re.IGNORECASE
)
CODED_NAME = re.compile(r"^(?P<code>\d\.\d)\.?\s+(?P<name>\D.*)$")  # "2.1 Assessment"
DOMAIN_ROW = re.compile(r"^(?P<num>\d)\.?\s+(?P<name>\D.*)$")  # "2. Court disposals"
# The label chunk.py folds into a standard's description: "2.1 Assessment: Inadequate. ..."
SECTION_RATING = re.compile(rf"^(?P<code>\d\.\d) [^:]{{1,80}}: (?P<rating>{RATING_WORDS})\.", re.IGNORECASE)
KEY_QUESTION_ROW = re.compile(r"^(?P<question>[^;]+?\?)\s*(?P<pct>\d{1,3})\s*%")
DISCRETION = re.compile(r"\bprofessional discretion\b", re.IGNORECASE)
SUPERSCRIPT = re.compile(r"\s?[\u00b9\u00b2\u00b3\u2070-\u2079]+")

# --- plain statements in prose, first match wins: (pattern, scope) ---------------------------------
# "standards": the rated standards are named in the group 'what'; "overall": the whole service.
R = rf"{Q}(?P<rating>{RATING_WORDS}){Q}"  # a quoted or bare rating word
OVERALL_NOUN = r"\boverall (?:rating|grading|judgement|grade)"
STATEMENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), scope)
    for p, scope in (
        (rf"{OVERALL_NOUN} (?:of|was|is|as)\s+{R}", "overall"),
        (rf"{OVERALL_NOUN} for [^.]{{1,60}}? (?:is|was) {R}", "overall"),
        (
            rf"\b(?:was|were|is|are|been|be) (?:rated|judged) (?:as )?{R}"
            rf" (?:on|for|in) (?:its |their |the )?(?P<what>[^.;:]+)",
            "standards",
        ),
        (rf"\b(?:was|were|is|are|been|be) (?:rated|judged) (?:as )?{R}", "overall"),
    )
)
# Sentences that use the words of an overall statement for something else: a count of standards
# ("Three standards were rated Outstanding", "No standard was rated Inadequate"), the score bands
# ("A total of 31 to 36 is rated Outstanding") or a hope ("I want Wigan to be rated outstanding").
NOT_OVERALL_SUBJECT = re.compile(
    r"(?:\bstandards?|\b\d+\s*(?:to|-|–)\s*\d+)\W+(?:\w+\W+){0,2}$|"
    r"\b(?:to|will|would|could|should|must|might|may)\s+$",
    re.IGNORECASE,
)
SOURCE_RANK = {"ratings table": 0, "standard section": 1, "statement": 2}


@dataclass
class _Found:
    code: str | None
    rating: str
    passage: Passage
    source: str
    text: str
    score: int | None = None
    score_max: int | None = None
    name: str | None = None  # the standard's name as the row states it


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
    found: list[_Found] = []
    for p in passages:
        if p.section_kind == SectionKind.RATING and ";" in p.text:
            found += table_ratings(p)
        elif p.section_kind == SectionKind.RATING and (m := SECTION_RATING.match(p.text)):
            found.append(
                _Found(m.group("code"), _canonical(m.group("rating")), p, "standard section", m.group(0))
            )
        elif p.section_kind not in (SectionKind.KEY_QUESTIONS, SectionKind.TABLE, SectionKind.FOOTNOTE):
            found += statement_ratings(p, doc.service)
    chosen: dict[str | None, Rating] = {}
    for f in sorted(found, key=lambda f: SOURCE_RANK[f.source]):
        if f.code in chosen:
            first = chosen[f.code]
            if first.rating != f.rating:
                first.flags.append(f"the {f.source} in passage {f.passage.id} says {f.rating}: '{f.text}'")
            continue
        chosen[f.code] = _rating(doc, f)
    _add_key_questions(chosen, passages)
    _check_score(chosen)
    order = {s.code: i for i, s in enumerate(F.STANDARDS)}
    return sorted(
        chosen.values(), key=lambda r: -1 if r.standard_code is None else order.get(r.standard_code, 99)
    )


def _canonical(word: str) -> str:
    word = re.sub(r"^required\b", "requires", word.strip(), flags=re.IGNORECASE)
    rating = F.rating_for(word)
    return rating.name if rating else word


def _rating(doc: Document, f: _Found) -> Rating:
    standard = F.standard_by_code(f.code) if f.code else None
    name = standard.name if standard else f.name
    # A report under another framework (2025 on) numbers its own standards: its names are the truth.
    if f.name and standard and F.normalise(f.name) != F.normalise(standard.name):
        name = f.name
    return Rating(
        service=doc.service,
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
    )


def table_ratings(p: Passage) -> list[_Found]:
    """Ratings in a table passage: 'code name rating' rows, or names first and ratings after."""
    found: list[_Found] = []
    domain: int | None = None
    queue: list[tuple[str, str]] = []  # (code, row) of named standards still waiting for a rating
    overall_pending = False
    score: tuple[int, int] | None = None
    for row in (SUPERSCRIPT.sub("", r).strip() for r in p.text.split(";")):
        if (m := TABLE_SCORE.search(row)) and "score" in row.lower():
            score = (int(m.group("score")), int(m.group("max")))
        if label := OVERALL_LABEL.search(row):
            rest = row[label.end() :].strip()
            cell = RATING_CELL.match(rest)
            if cell:
                found.append(_overall(cell, p, row, score))
            overall_pending = cell is None
            continue
        if m := INLINE_STANDARD.match(row):
            rated = _Found(m.group("code"), _canonical(m.group("rating")), p, "ratings table", row)
            rated.name = m.group("name").strip()
            found.append(rated)
            continue
        if cell := RATING_CELL.match(row):
            if overall_pending:
                found.append(_overall(cell, p, row, score))
                overall_pending = False
            elif queue:
                code, name_row = queue.pop(0)
                text = f"{name_row}: {row}"
                found.append(_Found(code, _canonical(cell.group("rating")), p, "ratings table", text))
            continue
        if (m := DOMAIN_ROW.match(row)) and _domain_named(m.group("name")):
            domain = int(m.group("num"))
            continue
        if named := _standard_code(row, domain):
            queue.append((named, row))
    if score is not None:
        for f in found:
            if f.code is None and f.score is None:
                f.score, f.score_max = score
    return found


def _overall(cell: re.Match[str], p: Passage, row: str, score: tuple[int, int] | None) -> _Found:
    f = _Found(None, _canonical(cell.group("rating")), p, "ratings table", row)
    if cell.group("score"):
        f.score, f.score_max = int(cell.group("score")), int(cell.group("max"))
    elif score:
        f.score, f.score_max = score
    return f


def _domain_named(name: str) -> bool:
    key = F.normalise(name)
    return any(key.startswith(F.normalise(d.name)) for d in F.DOMAINS)


def _standard_code(row: str, domain: int | None) -> str | None:
    if m := CODED_NAME.match(row):
        return m.group("code") if F.standard_by_code(m.group("code")) else None
    named = F.standards_named(row)
    if domain is not None:
        named = [s for s in named if s.domain_number == domain]
    return named[0].code if len(named) == 1 else None


def statement_ratings(p: Passage, service: str | None) -> list[_Found]:
    """Ratings stated in a sentence: 'rated as outstanding on its partnerships and services'."""
    found: list[_Found] = []
    for span in p.sentences or []:
        sentence = p.text[span.start : span.end]
        if not _about(sentence, service):
            continue
        for pattern, scope in STATEMENTS:
            m = pattern.search(sentence)
            if m is None:
                continue
            rating = _canonical(m.group("rating"))
            if scope == "standards":
                found += [
                    _Found(c, rating, p, "statement", sentence)
                    for c in _standards_in(m.group("what"), sentence)
                ]
            elif not _names_a_standard(sentence) and not _rated_something_else(sentence, m):
                found.append(_Found(None, rating, p, "statement", sentence))
            break
    return found


def _rated_something_else(sentence: str, m: re.Match[str]) -> bool:
    """Whether 'was rated X' here rates standards, score bands or a hope, not the service."""
    return not m.group(0).lower().startswith("overall") and bool(
        NOT_OVERALL_SUBJECT.search(sentence[: m.start()])
    )


def _standards_in(what: str, sentence: str) -> list[str]:
    """Standards named in `what`, longest names first; a name two domains share needs its domain."""
    text = F.normalise(what)
    names = sorted({F.normalise(s.name) for s in F.STANDARDS}, key=len, reverse=True)
    domain, _ = infer_from_text(sentence)
    codes: list[str] = []
    for name in names:
        if re.search(rf"\b{re.escape(name)}\b", text):
            text = re.sub(rf"\b{re.escape(name)}\b", " ", text)
            named = F.standards_named(name)
            if len(named) > 1 and domain is not None:
                named = [s for s in named if s.domain_number == domain.number]
            if len(named) == 1:
                codes.append(named[0].code)
    return codes


def _names_a_standard(sentence: str) -> bool:
    text = F.normalise(sentence)
    return any(
        re.search(rf"\b{re.escape(F.normalise(s.name))}\b", text) for s in F.STANDARDS if " " in s.name
    )


def _about(sentence: str, service: str | None) -> bool:
    """False when the sentence names other services and not the document's own."""
    key = f" {service_key(sentence)} "
    named = {name for alias, name in service_table().items() if f" {alias} " in key}
    return not named or service in named


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
