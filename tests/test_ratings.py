"""Ratings, key questions and recommendations read from the seed documents, checked by hand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import COUNCIL, ESSEX, KENT, PRESS, REPORT
from typer.testing import CliRunner

from yjs_qa import Library, Rating, UnknownFilterError
from yjs_qa.cli.app import app
from yjs_qa.index.store import current_version
from yjs_qa.index.version_data import RATINGS_FILE
from yjs_qa.knowledge import framework as F
from yjs_qa.query.understand import understand
from yjs_qa.ratings import scale
from yjs_qa.ratings.questions import RatingAsk, is_rating_question, rating_ask, rating_query

RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741
# Hand-made from the documents' own tables (see corpus/).
SOUTHEND = {
    "1.1": RI, "1.2": G, "1.3": G, "1.4": RI,
    "2.1": I, "2.2": G, "2.3": RI, "2.4": I,
    "3.1": G, "3.2": G, "3.3": RI, "3.4": G,
    "4.1": RI,
}  # fmt: skip
EAST_SUSSEX = {
    "1.1": G, "1.2": G, "1.3": O, "1.4": O,
    "2.1": G, "2.2": I, "2.3": O, "2.4": O,
    "3.1": RI, "3.2": RI, "3.3": O, "3.4": G,
    "4.1": RI,
}  # fmt: skip
# Key questions of the Southend-on-Sea report: lowest % Yes drives the band.
SOUTHEND_KEY_QUESTIONS = {
    "2.1": [100, 100, 44], "2.2": [100, 100, 78], "2.3": [100, 67, 56], "2.4": [89, 78, 33],
    "3.1": [100, 78, 67], "3.2": [89, 67, 78], "3.3": [67, 44, 67],
}  # fmt: skip


def _of(lib: Library, document: str) -> dict[str | None, Rating]:
    return {r.standard_code: r for r in lib.ratings() if r.document == document}


def test_southend_report_all_13_standards_and_overall(fast_lib: Library) -> None:
    ratings = _of(fast_lib, REPORT)
    assert {c: r.rating for c, r in ratings.items() if c} == SOUTHEND
    overall = ratings[None]
    assert (overall.rating, overall.score, overall.score_max) == (RI, 16, 36)
    assert all(r.source == "ratings table" and r.service == "Southend-on-Sea" for r in ratings.values())
    table = next(p for p in fast_lib.passages if p.id == overall.passage_id)
    assert table.section_path == ["Ratings"] and "16/36" in table.text
    assert overall.page == 4


def test_southend_score_agrees_with_the_sum_of_standard_points(fast_lib: Library) -> None:
    overall = _of(fast_lib, REPORT)[None]
    # 1.1-1.4: 1+2+2+1; 2.1-2.4: 0+2+1+0; 3.1-3.4: 2+2+1+2 = 16 (4.1 does not count)
    assert overall.points_sum == 16
    assert overall.flags == []


def test_southend_key_questions_and_bands_with_discretion_on_3_3(fast_lib: Library) -> None:
    ratings = _of(fast_lib, REPORT)
    for code, expected in SOUTHEND_KEY_QUESTIONS.items():
        assert [q.percent_yes for q in ratings[code].key_questions] == expected, code
    assert ratings["2.1"].key_questions[2].question == "how to keep other people safe?"
    assert ratings["2.1"].key_questions[2].band == I
    bands = {code: ratings[code].key_question_band for code in SOUTHEND_KEY_QUESTIONS}
    assert bands == {"2.1": I, "2.2": G, "2.3": RI, "2.4": I, "3.1": G, "3.2": G, "3.3": I}
    flagged = {code for code, r in ratings.items() if r.flags}
    assert flagged == {"3.3"}, "only 3.3 is rated outside its band"
    (flag,) = ratings["3.3"].flags
    assert "44% Yes" in flag and "Inadequate band" in flag and "Professional discretion" in flag
    assert (
        ratings["3.3"].note is not None and "increasing this rating from 'Inadequate'" in ratings["3.3"].note
    )
    assert ratings["1.1"].key_questions == [] and ratings["1.1"].key_question_band is None


def test_east_sussex_linearised_table(fast_lib: Library) -> None:
    ratings = _of(fast_lib, COUNCIL)
    assert {c: r.rating for c, r in ratings.items() if c} == EAST_SUSSEX
    overall = ratings[None]
    assert (overall.rating, overall.score, overall.score_max, overall.points_sum) == (G, 25, 36, 25)
    assert overall.flags == []
    assert ratings["2.2"].text == "Planning: Inadequate"  # names first, ratings after, matched in order
    assert all(r.service == "East Sussex" for r in ratings.values())


def test_news_and_press_release_statements(fast_lib: Library) -> None:
    essex = _of(fast_lib, ESSEX)
    assert set(essex) == {None} and essex[None].rating == O and essex[None].service == "Essex"
    assert essex[None].source == "statement"
    kent = _of(fast_lib, KENT)
    assert {c: r.rating for c, r in kent.items()} == {None: RI, "1.3": O, "1.4": O}
    assert (
        "rated as outstanding on its partnerships and services and information and facilities"
        in kent["1.3"].text
    )
    press = _of(fast_lib, PRESS)
    assert {c: r.rating for c, r in press.items()} == {None: RI}
    assert "overall rating of ‘Requires improvement’" in press[None].text


def test_a_score_that_disagrees_with_the_standards_is_flagged(tmp_path: Path, hash_embedder: object) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (Path(__file__).parent.parent / "corpus" / COUNCIL).read_text(encoding="utf-8")
    (corpus / "altered.txt").write_text(text.replace("Good (25/36)", "Good (27/36)"), encoding="utf-8")
    lib = Library.build(corpus, tmp_path / "index", embedder=hash_embedder)  # type: ignore[arg-type]
    (overall,) = lib.ratings(standard="overall")
    assert overall.score == 27 and overall.points_sum == 25
    assert overall.flags == [
        "the stated score 27/36 disagrees with the standard ratings, which add up to 25/36"
    ]


# A 2025-framework report: its own standards, numbered 2.1 and 3.1 as the old framework's are.
NEW_FRAMEWORK_REPORT = """\
An inspection of youth justice work with children and victims in Hartlepool

HM Inspectorate of Probation, April 2025

Ratings

Hartlepool Youth Justice Service\tFieldwork started January 2025\t
Overall rating\tGood\t
1.\tOrganisational delivery\t\t
1.1\tLeadership\tGood\t
1.2\tWorkforce\tOutstanding\t
2.\tWork with children\t\t
2.1\tWork with children\tRequires improvement\t
3.\tWork with victims\t\t
3.1\tWork with victims\tGood\t

Domain three: Work with victims

3.1. Work with victims

Victim workers contacted every victim within ten working days of the case being allocated.
"""


def test_a_reports_own_standards_answer_filters_and_rating_questions(
    tmp_path: Path, hash_embedder: object
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hartlepool-2025-inspection.txt").write_text(NEW_FRAMEWORK_REPORT, encoding="utf-8")
    shutil.copy(Path(__file__).parent.parent / "corpus" / REPORT, corpus / REPORT)
    lib = Library.build(corpus, tmp_path / "index", embedder=hash_embedder)  # type: ignore[arg-type]
    (victims,) = lib.ratings(standard="work with victims")
    assert (victims.service, victims.standard, victims.rating) == ("Hartlepool", "3.1 Work with victims", G)
    # 'assessment' is Southend's 2.1 and 3.1, never Hartlepool's 2.1 Work with children.
    assert {(r.service, r.standard) for r in lib.ratings(standard="assessment", unique=True)} == {
        ("Southend-on-Sea", "2.1 Assessment"),
        ("Southend-on-Sea", "3.1 Assessment"),
    }
    assert len(lib.ratings(standard="2.1", unique=True)) == 2  # a bare number means either
    answer = lib.ask("How was Hartlepool rated on its work with children?", k=3)
    assert [(r.service, r.standard, r.rating) for r in answer.ratings] == [
        ("Hartlepool", "2.1 Work with children", RI)
    ]
    # A standard the service's ratings table does not rate: nothing can answer, so "not found".
    unrated = lib.ask("How was Hartlepool rated for assessment?", k=3)
    assert not unrated.found and unrated.ratings == []
    assert unrated.note == ("the ratings Hartlepool received do not include 2.1 Assessment, 3.1 Assessment")
    rated = lib.ask("How was Southend rated for resettlement?", k=3)
    assert rated.found and [r.standard for r in rated.ratings] == ["4.1 Resettlement policy and provision"]
    with pytest.raises(UnknownFilterError, match=re.escape("3.1 Work with victims")):
        lib.ratings(standard="work with aliens")
    # The table's columns are the framework's numbers, so it says whose standards are their own.
    table = CliRunner().invoke(app, ["ratings", "--index", str(tmp_path / "index")])
    assert table.exit_code == 0, table.output
    own = "Hartlepool is rated on its own standards: 2.1 Work with children, 3.1 Work with victims."
    assert own in table.output
    assert "Southend-on-Sea is rated on its own" not in table.output


def test_sentences_that_rate_standards_bands_or_hopes_are_not_overall_ratings(
    tmp_path: Path, hash_embedder: object
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wigan-2019-news.txt").write_text(
        "Wigan youth offending service rated Good\n\n"
        "Wigan Youth Offending Service was rated Good by inspectors this week.\n\n"
        "Three standards were rated Outstanding, and no standard was rated Inadequate.\n\n"
        "A total of 31 to 36 is rated Outstanding and 19 to 30 Good.\n\n"
        '"I want Wigan to be rated outstanding next time," the cabinet member said.\n',
        encoding="utf-8",
    )
    lib = Library.build(corpus, tmp_path / "index", embedder=hash_embedder)  # type: ignore[arg-type]
    (overall,) = lib.ratings(service="wigan")
    assert (overall.standard_code, overall.rating, overall.flags) == (None, G, [])


def test_recommendations_with_addressees(fast_lib: Library) -> None:
    recs = fast_lib.recommendations(service="southend")
    assert [r.number for r in recs] == [1, 2, 3, 4, 5, 6, 7]
    kinds = [r.addressee_kind for r in recs]
    assert kinds == ["board chair"] + ["management board"] * 3 + ["head of service"] * 3
    assert recs[0].addressee == "chair of Southend-on-Sea YJS management board"
    assert recs[4].text.startswith("review the risk management policy")
    assert all(r.page == 5 and r.document == REPORT for r in recs)
    sussex = fast_lib.recommendations(service="East Sussex")
    assert [(r.number, r.addressee_kind) for r in sussex] == [
        (1, "youth justice service"),
        (2, "youth justice service"),
        (3, "youth justice service"),
        (4, "police"),
    ]
    # The cabinet's own "is recommended to" list is a decision, not an inspection recommendation.
    assert not [r for r in sussex if "Welcome the findings" in r.text]
    (essex,) = fast_lib.recommendations(service="Essex")
    assert essex.addressee_kind == "Youth Justice Board" and "county lines" in essex.text


def test_ratings_are_stored_as_json_in_the_version_folder(fast_lib: Library) -> None:
    index = fast_lib.index_dir
    path = index / "versions" / str(current_version(index)) / RATINGS_FILE
    data = json.loads(path.read_text("utf-8"))
    assert len(data["ratings"]) == len(fast_lib.ratings()) == 33
    assert len(data["recommendations"]) == len(fast_lib.recommendations()) == 13
    reopened = Library.open(index, embedder=fast_lib.embedder)
    assert reopened.ratings() == fast_lib.ratings()


def test_filters_and_unique_best_source(fast_lib: Library) -> None:
    inadequate = fast_lib.ratings(standard="2.1", rating="inadequate")
    assert [(r.service, r.standard_code) for r in inadequate] == [("Southend-on-Sea", "2.1")]
    planning = fast_lib.ratings(service="east sussex", standard="planning")
    assert [(r.standard_code, r.rating) for r in planning] == [("2.2", I), ("3.2", RI)]
    # Southend's overall rating is stated by the report and the press release; unique keeps the report's.
    assert len(fast_lib.ratings(service="southend", standard="overall")) == 2
    (best,) = fast_lib.ratings(service="southend", standard="overall", unique=True)
    assert best.document == REPORT and best.score == 16
    with pytest.raises(UnknownFilterError):
        fast_lib.ratings(rating="excellent")
    with pytest.raises(UnknownFilterError):
        fast_lib.ratings(standard="9.9")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("how was East Sussex rated for planning?", True),
        ("which services were Inadequate on 2.1 Assessment?", True),
        ("What was the overall rating for Kent?", True),
        # A score is not a rating: where none is stated, the question is "not found" (gold, held-out
        # and realdev no-answer questions ask for scores of services only rated).
        ("what score did Southend get?", False),
        ("what did inspectors say about contingency planning?", False),
        ("How good was planning in Southend?", False),
        ("did case workers go and see youngsters while they were locked up?", False),
        ("how did children rate the service they received?", False),
    ],
)
def test_rating_questions_are_detected_conservatively(question: str, asks: bool) -> None:
    assert is_rating_question(question) is asks


def test_rating_question_names_services_standards_and_rating() -> None:
    services = ["East Sussex", "Southend-on-Sea", "Kent", "Essex"]
    known = [s.label for s in F.STANDARDS]
    q = rating_query("how was East Sussex rated for planning?", services, known)
    assert q is not None and (q.services, q.standards, q.rating) == (
        ["East Sussex"],
        ["2.2 Planning", "3.2 Planning"],
        None,
    )
    q = rating_query("how was southend rated on out-of-court planning?", services, known)
    assert q is not None and (q.services, q.standards) == (["Southend-on-Sea"], ["3.2 Planning"])
    q = rating_query("which services were Inadequate on 2.1 Assessment?", services, known)
    assert q is not None and (q.services, q.standards, q.rating) == ([], ["2.1 Assessment"], I)
    q = rating_query("How was Kent rated?", services, known)
    assert q is not None and q.standards == [None]


# A report under the 2025 framework numbers and names its own standards.
OWN = ["1.1 Leadership", "1.2 Workforce", "1.4 Services for children", "2.1 Work with children"]


@pytest.mark.parametrize(
    ("question", "standards"),
    [
        ("How was Hartlepool rated on its work with children?", ["2.1 Work with children"]),
        ("How was Hartlepool rated for services for children?", ["1.4 Services for children"]),
        # A framework alias finds the report's standard of that number and name, and the framework's.
        ("How was Hartlepool rated on workforce?", ["1.2 Staff", "1.2 Workforce"]),
        # The framework's 2.1 Assessment is not the report's 2.1 Work with children.
        ("How was Hartlepool rated for assessment?", ["2.1 Assessment", "3.1 Assessment"]),
        ("Which services were rated Inadequate on 2.1?", ["2.1 Assessment", "2.1 Work with children"]),
        ("Which services were rated Inadequate on 2.1 Assessment?", ["2.1 Assessment"]),
    ],
)
def test_rating_question_reads_a_reports_own_standards(question: str, standards: list[str]) -> None:
    q = rating_query(question, ["Hartlepool"], [*(s.label for s in F.STANDARDS), *OWN])
    assert q is not None and q.standards == standards


def test_ask_leads_with_the_structured_rating(fast_lib: Library) -> None:
    answer = fast_lib.ask("how was East Sussex rated for planning?", k=3)
    assert [(r.service, r.standard, r.rating) for r in answer.ratings] == [
        ("East Sussex", "2.2 Planning", I),
        ("East Sussex", "3.2 Planning", RI),
    ]
    first_line = answer.answer.split("\n")[0]
    assert first_line == (
        "East Sussex: 2.2 Planning Inadequate; 3.2 Planning Requires improvement"
        " (east-sussex-2024-cabinet-paper.txt)."
    )
    assert answer.passages, "the supporting passages still follow"
    which = fast_lib.ask("which services were Inadequate on 2.1 Assessment?", k=3)
    assert [(r.service, r.standard_code) for r in which.ratings] == [("Southend-on-Sea", "2.1")]
    plain = fast_lib.ask("what did inspectors say about contingency planning?", k=3)
    assert plain.ratings == [] and not plain.answer.startswith("Southend")


def test_cli_ratings_table_filters_json_and_recommendations(fast_lib: Library) -> None:
    runner = CliRunner()
    index = str(fast_lib.index_dir)
    table = runner.invoke(app, ["ratings", "--index", index])
    assert table.exit_code == 0, table.output
    rows = {line.split("│")[1].strip(): line for line in table.output.splitlines() if line.count("│") > 10}
    assert set(rows) >= {"East Sussex", "Southend-on-Sea", "Kent", "Essex"}
    assert "RI 16/36" in rows["Southend-on-Sea"] and "G 25/36" in rows["East Sussex"]
    listed = runner.invoke(app, ["ratings", "--index", index, "--standard", "2.1", "--rating", "Inadequate"])
    assert listed.exit_code == 0
    assert "Southend-on-Sea · 2.1 Assessment: Inadequate" in listed.output
    as_json = runner.invoke(app, ["ratings", "--index", index, "--service", "kent", "--json"])
    data = json.loads(as_json.output)
    assert {(r["standard_code"], r["rating"]) for r in data} == {(None, RI), ("1.3", O), ("1.4", O)}
    bad = runner.invoke(app, ["ratings", "--index", index, "--rating", "superb"])
    assert bad.exit_code == 1 and "unknown rating 'superb'" in bad.output
    recs = runner.invoke(app, ["recommendations", "--index", index, "--service", "southend"])
    assert recs.exit_code == 0 and "Head of Service (head of service)" in recs.output
    recs_json = json.loads(runner.invoke(app, ["recommendations", "--index", index, "--json"]).output)
    assert len(recs_json) == 13


def test_cli_ask_prints_the_rating_first(fast_lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Library, "open", classmethod(lambda cls, index, **kw: fast_lib))
    question = "how was East Sussex rated for planning?"
    result = CliRunner().invoke(app, ["ask", question, "--index", str(fast_lib.index_dir)])
    assert result.exit_code == 0, result.output
    first = result.output.strip().splitlines()[0]
    assert first.startswith("Rating East Sussex · 2.2 Planning: Inadequate")


# Every wording of 'Requires improvement' a report, a question or a filter might use.
WORDINGS = [
    "outstanding", "good", "inadequate", "requires improvement", "requires improvements",
    "require improvement", "require improvements", "required improvement", "required improvements",
]  # fmt: skip


def test_one_scale_reads_every_wording_whole_and_names_each_rating_once() -> None:
    # Every reader (reports, questions, filters) takes the same wordings from ratings/scale.py.
    pattern = re.compile(rf"(?:{scale.rating_words()})", re.IGNORECASE)
    for w in [*WORDINGS, "requiring improvement"]:
        m = pattern.fullmatch(w.title())
        assert m is not None, w
    # Longest first: "requires improvements" is read whole, not as "requires improvement".
    m = re.match(scale.rating_words(), "requires improvements")
    assert m is not None and m.group(0) == "requires improvements"
    named = {w: r.name for w in WORDINGS if (r := scale.rating_for(w.upper()))}
    assert named == {
        "outstanding": O, "good": G, "inadequate": I, "requires improvement": RI,
        "requires improvements": RI, "require improvement": RI, "require improvements": RI,
        "required improvement": RI, "required improvements": RI,
    }  # fmt: skip
    assert scale.rating_for("‘Requiring improvement’") is not None
    assert scale.short_codes() == {O: "O", G: "G", RI: "RI", I: "I"}
    assert scale.SCORE_BANDS == ((0, 6, I), (7, 18, RI), (19, 30, G), (31, 36, O))
    assert [scale.band_for_percent(p) for p in (80, 79, 65, 64, 50, 49)] == [O, G, G, RI, RI, I]
    assert [s.label for s in F.FRAMEWORK_2025.standards][-2:] == [
        "2.1 Work with children",
        "3.1 Work with victims",
    ]


@pytest.mark.parametrize(
    ("question", "mentions", "asks"),
    [
        ("How was Kent rated?", True, True),
        ("Which services were judged inadequate?", False, True),  # asks, with no rating noun
        ("What did inspectors say about their judgement of risk?", True, False),  # a rating noun, no ask
        ("How good was planning in Southend?", False, False),
    ],
)
def test_one_detector_says_whether_a_question_mentions_or_asks_for_a_rating(
    question: str, mentions: bool, asks: bool
) -> None:
    assert rating_ask(question) == RatingAsk(mentions_rating=mentions, asks_for_rating=asks)
    assert understand(question, []).rating_question is mentions


# --- ratings stated in prose, of every kind of document (synthetic sentences) ---------------------
def _prose(tmp_path: Path, body: str, name: str = "wigan-news.txt") -> list[Rating]:
    """The ratings extracted from a small news text about Wigan, with no index built."""
    from yjs_qa.ingest import ingest
    from yjs_qa.ratings import extract_ratings

    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    doc, passages = ingest(path)
    return extract_ratings([doc], passages).ratings


def _brief(ratings: list[Rating]) -> set[tuple[str | None, str | None, str, bool, int | None]]:
    return {(r.service, r.standard_code, r.rating, r.earlier, r.year) for r in ratings}


WIGAN = "Inspectors visit Wigan\n\nInspectors spent a week with Wigan Youth Justice Service this spring.\n\n"


@pytest.mark.parametrize(
    "sentence, rating",
    [
        (
            "Wigan Youth Justice Service has received an overall rating of “Requires Improvement”.",
            RI,
        ),
        ("Wigan Youth Justice Service was judged to be Good overall.", G),
        ("The inspectorate has rated the youth justice team in Wigan as ‘Outstanding’ overall.", O),
        ("Inspectors found the service to be, overall, 'Inadequate' in every respect.", I),
        ('Wigan youth justice service rated "Good" by inspectors', G),
        ("The service has been rated as ‘requires improvement’ after the visit.", RI),
    ],
)
def test_an_overall_rating_in_prose(tmp_path: Path, sentence: str, rating: str) -> None:
    assert _brief(_prose(tmp_path, WIGAN + sentence + "\n")) == {("Wigan", None, rating, False, None)}


@pytest.mark.parametrize(
    "sentence, code, rating",
    [
        (
            "Work after custody was looked at too, and resettlement was separately rated as 'Inadequate'.",
            "4.1",
            I,
        ),
        ("We also looked at resettlement policy and provision, which was rated ‘Good’.", "4.1", G),
        ("Leadership was rated 'Outstanding' by the inspectors.", "1.1", O),
        ("For children on court orders, implementation and delivery was rated Outstanding.", "2.3", O),
        (
            "In out-of-court disposal work, implementation and delivery was rated ‘Requires improvement’.",
            "3.3",
            RI,
        ),
        ("Inspectors rated the service’s partnerships as ‘Good’.", "1.3", G),
    ],
)
def test_a_standard_rating_in_prose_is_never_the_overall_rating(
    tmp_path: Path, sentence: str, code: str, rating: str
) -> None:
    assert _brief(_prose(tmp_path, WIGAN + sentence + "\n")) == {("Wigan", code, rating, False, None)}


def test_earlier_ratings_are_dated_kept_apart_and_never_a_flag(tmp_path: Path) -> None:
    ratings = _prose(
        tmp_path,
        WIGAN + "Wigan Youth Justice Service has been rated ‘Good’, up from ‘Inadequate’ in 2021.\n\n"
        "The service had last been inspected in 2017 and was then rated as 'Requires improvement'.\n\n"
        "Previously rated Inadequate, its resettlement work was now rated 'Good'.\n",
    )
    assert _brief(ratings) == {
        ("Wigan", None, G, False, None),
        ("Wigan", None, I, True, 2021),
        ("Wigan", None, RI, True, 2017),
        ("Wigan", "4.1", I, True, None),
        ("Wigan", "4.1", G, False, None),
    }
    assert all(r.flags == [] for r in ratings)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Wigan YJS, rated 'Good' at its last inspection in 2018, is now rated 'Outstanding'.",
            {(None, O, False, None), (None, G, True, 2018)},
        ),
        (
            "The service, which was formerly rated Inadequate, has been rated Good.",
            {(None, G, False, None), (None, I, True, None)},
        ),
        (
            "Wigan YJS was rated 'Good', having been rated 'Requires improvement' in 2016.",
            {(None, G, False, None), (None, RI, True, 2016)},
        ),
        (
            "Wigan Youth Justice Service has been rated Outstanding, an improvement from Good.",
            {(None, O, False, None), (None, G, True, None)},
        ),
        ("The YJS moved from 'Inadequate' to 'Good'.", {(None, I, True, None), (None, G, False, None)}),
        ("The service has received an 'Outstanding' rating.", {(None, O, False, None)}),
        ("Assessment was rated 'Good' for court disposals.", {("2.1", G, False, None)}),
        ("Planning was rated 'Inadequate' in out-of-court work.", {("3.2", I, False, None)}),
        (
            "Inspectors rated its governance and leadership as 'Requires improvement'.",
            {("1.1", RI, False, None)},
        ),
        # #15: a rating noun with 'of', a standard qualified by its domain's work, and earlier times
        # told by an opening phrase, a year-led clause or a 'previous rating' noun
        (
            "Implementation and delivery of services for children on court orders was rated 'Good'.",
            {("2.3", G, False, None)},
        ),
        (
            "Inspectors rated the implementation and delivery of court work as 'Good'.",
            {("2.3", G, False, None)},
        ),
        (
            "At its last inspection in 2018 the service was rated 'Requires improvement'.",
            {(None, RI, True, 2018)},
        ),
        (
            "This is an improvement on its previous rating of 'Requires improvement' in 2020.",
            {(None, RI, True, 2020)},
        ),
        (
            "When last inspected in 2019, Wigan Youth Justice Service was rated 'Inadequate'.",
            {(None, I, True, 2019)},
        ),
        (
            "The rating is up from 'Requires improvement' at the previous inspection in 2021.",
            {(None, RI, True, 2021)},
        ),
        (
            "The service was last inspected in 2019, when it was rated 'Requires improvement'.",
            {(None, RI, True, 2019)},
        ),
        ("HM Inspectorate of Probation rated Wigan YJS 'Good'.", {(None, G, False, None)}),
        ("Wigan Youth Justice Service was found to be 'Good'.", {(None, G, False, None)}),
        ("Inspectors gave Wigan Youth Justice Service a rating of 'Good'.", {(None, G, False, None)}),
        ("The service was rated 'Outstanding' for leadership.", {("1.1", O, False, None)}),
        ("The board noted that its previous rating was a concern.", set()),
        ("Wigan’s partnership with the police was rated as 'Outstanding'.", set()),
        ("The service was rated 'Good' for its work with children on court orders.", set()),
        ("Inspections in 2019 found the service good at engaging families; it was rated highly.", set()),
    ],
)
def test_more_prose_forms(
    tmp_path: Path, sentence: str, expected: set[tuple[str | None, str, bool, int | None]]
) -> None:
    ratings = _prose(tmp_path, WIGAN + sentence + "\n")
    assert {(r.standard_code, r.rating, r.earlier, r.year) for r in ratings} == expected
    assert all(r.service == "Wigan" and r.flags == [] for r in ratings)


def test_a_rating_dated_years_before_the_document_is_earlier_only_beside_a_current_one(
    tmp_path: Path,
) -> None:
    head = "Wigan news\n\nPublished 3 March 2024. Inspectors visited Wigan Youth Justice Service.\n\n"
    both = _prose(tmp_path, head + "Wigan was rated Inadequate in 2019 and is now rated Good.\n")
    assert _brief(both) == {("Wigan", None, G, False, None), ("Wigan", None, I, True, 2019)}
    assert all(r.flags == [] for r in both)
    # the only rating a council paper knows, two years on, is still the service's latest
    alone = _prose(tmp_path, head + "In 2022 the service was rated as 'Good'.\n", "wigan-paper.txt")
    assert _brief(alone) == {("Wigan", None, G, False, None)}


def test_a_headline_rating_counts_where_the_body_states_none(tmp_path: Path) -> None:
    body = "\n\nInspectors praised the team's work with victims and families across the borough.\n"
    ratings = _prose(tmp_path, "Wigan YOT – rated Good" + body)
    assert _brief(ratings) == {("Wigan", None, G, False, None)}
    assert ratings[0].text == "Wigan YOT – rated Good"
    assert _prose(tmp_path, "Inspectors praise Wigan youth team" + body, "other.txt") == []


def test_a_rating_belongs_to_the_service_its_sentence_names(tmp_path: Path) -> None:
    ratings = _prose(
        tmp_path,
        WIGAN + "Wigan Youth Justice Service was rated 'Good'.\n\n"
        "Nearby, Bolton Youth Justice Service was rated ‘Inadequate’ in the same month.\n\n"
        "Salford YOT has been rated 'Requires improvement', while Wigan was rated 'Good'.\n\n"
        "Greater Manchester Police's diversion panel was rated 'Outstanding'.\n",
    )
    assert {(r.service, r.rating) for r in ratings} == {("Wigan", G), ("Bolton", I), ("Salford", RI)}
    assert all(r.flags == [] for r in ratings)


@pytest.mark.parametrize(
    "sentence",
    [
        "Four of the 12 standards were rated 'Outstanding'.",
        "Four of twelve areas were rated ‘Outstanding’ by the inspectors.",
        "The service received seven ‘Good’ ratings across the standards.",
        "Across England, 80 per cent of services were rated Good or Outstanding.",
        "We hope the service will be rated ‘Outstanding’ next time.",
        "A score of 19 to 30 is rated 'Good'.",
        "The service was not rated 'Inadequate'.",
        "Inspectors found staff to be good at building trust with children.",
        "Organisational delivery was rated ‘Good’.",
        "Implementation and delivery was rated 'Good'.",
        "It provides a good service and outstanding care.",
        "Sessions were consistently rated Good by the children who attended.",
        "Three in four services were rated 'Good' this year.",
        "Leadership was strong, and court work was rated 'Good'.",
        "In 2019, eleven services were rated 'Outstanding'.",
        "Inspectors rated the work 'Good'.",  # no 'as', and not the service: unclear what is rated
        "The service was rated 'Outstanding' for the implementation and delivery of services.",
    ],
)
def test_counts_bands_hopes_and_praise_are_not_ratings(tmp_path: Path, sentence: str) -> None:
    assert _prose(tmp_path, WIGAN + sentence + "\n") == []


def test_a_national_statement_is_no_services_rating(tmp_path: Path) -> None:
    text = (
        "Annual report on youth justice inspections\n\n"
        "Of the inspections this year, one service was rated Outstanding, six Good and two Inadequate.\n\n"
        "Most youth offending teams were rated as either ‘Good’ or ‘Outstanding’.\n\n"
        "The service was rated 'Good', inspectors said.\n"
    )
    assert _prose(tmp_path, text, "annual-report.txt") == []


def test_a_2025_framework_document_rates_its_own_standards_in_prose(tmp_path: Path) -> None:
    ratings = _prose(
        tmp_path,
        "Inspectors visit Wigan\n\nHM Inspectorate of Probation, May 2025\n\n"
        "Inspectors spent a week with Wigan Youth Justice Service this spring.\n\n"
        "Inspectors rated the service’s workforce as ‘Outstanding’.\n\n"
        "The YJS’s work with victims was rated ‘Requires improvement’.\n\n"
        "Resettlement was rated 'Good'.\n",
    )
    assert {(r.standard, r.rating) for r in ratings} == {("1.2 Workforce", O), ("3.1 Work with victims", RI)}


def test_every_document_kind_has_a_source_rank() -> None:
    from yjs_qa.models import DocKind
    from yjs_qa.ratings.select import KIND_RANK

    assert set(KIND_RANK) == set(DocKind)


# --- summary counts, kept as counts (#15) -----------------------------------------------------------


def _counts(tmp_path: Path, body: str) -> set[tuple[str | None, str, int, int | None, str]]:
    from yjs_qa.ingest import ingest
    from yjs_qa.ratings import extract_ratings

    path = tmp_path / "wigan-news.txt"
    path.write_text(WIGAN + body, encoding="utf-8")
    doc, passages = ingest(path)
    return {(c.service, c.rating, c.count, c.of, c.counted) for c in extract_ratings([doc], passages).counts}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "It received seven 'Good' ratings across a number of standards.",
            {("Wigan", G, 7, None, "ratings")},
        ),
        ("Four of the 12 standards were rated 'Outstanding'.", {("Wigan", O, 4, 12, "standards")}),
        ("Three standards were rated as 'Inadequate'.", {("Wigan", I, 3, None, "standards")}),
        (
            "The service was rated Outstanding in four of the 12 standards.",
            {("Wigan", O, 4, 12, "standards")},
        ),
        # a national figure, a year, a count of services: no service's count
        ("Across England, 80 per cent of services were rated Good.", set()),
        ("In 2019, eleven services were rated 'Outstanding'.", set()),
        ("Wigan Youth Justice Service was rated 'Good'.", set()),
    ],
)
def test_summary_counts_are_read_as_counts(tmp_path: Path, sentence: str, expected: set[object]) -> None:
    assert _counts(tmp_path, sentence + "\n") == expected


def test_summary_counts_are_stored_listed_and_never_a_standards_rating(
    fast_lib_copy: Library, tmp_path: Path
) -> None:
    path = tmp_path / "wigan-2024-news.txt"
    path.write_text(
        WIGAN + "Wigan Youth Justice Service was rated 'Good'. Four of the 12 standards were rated "
        "'Outstanding'.\n",
        encoding="utf-8",
    )
    fast_lib_copy.add([path])
    lib = Library.open(fast_lib_copy.index_dir, embedder=fast_lib_copy.embedder)
    (count,) = lib.rating_counts(service="wigan")
    assert (count.rating, count.count, count.of, count.counted) == (O, 4, 12, "standards")
    assert count.document == path.name and "Four of the 12" in count.text
    assert {r.standard for r in lib.ratings(service="wigan")} == {"Overall"}  # no standard from a count
    assert lib.rating_counts(service="southend") == []
    stored = json.loads(
        (lib.index_dir / "versions" / current_version(lib.index_dir) / RATINGS_FILE).read_text()
    )
    assert count.model_dump(mode="json") in stored["rating_counts"]
    # the corpus's own: "Five of the thirteen areas are Outstanding and four are Good" (the East
    # Sussex cabinet paper)
    assert [(c.count, c.of, c.counted, c.rating) for c in lib.rating_counts(service="east sussex")] == [
        (5, 13, "areas", O),
        (4, 13, "areas", G),
    ]
    result = CliRunner().invoke(app, ["ratings", "--service", "wigan", "--index", str(lib.index_dir)])
    assert result.exit_code == 0, result.output
    assert "Wigan · 4 of 12 standards Outstanding · wigan-2024-news.txt" in result.stdout
    # a removed document takes its counts with it
    lib.remove([path.name])
    assert {c.service for c in Library.open(lib.index_dir, embedder=lib.embedder).rating_counts()} == {
        "East Sussex"
    }


# --- #21: the reading steps on forms seen in real pages (synthetic sentences) ------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # reported speech: a past perfect alone is the current rating ...
        ("The committee noted that the service had been rated as 'Good' overall.", {(None, G, False, None)}),
        # ... and an earlier one beside a current rating
        (
            "The service had been rated 'Inadequate'. It is now rated 'Good'.",
            {(None, I, True, None), (None, G, False, None)},
        ),
        # a change that runs through several earlier ratings, each with its year
        (
            "The service improved from 'Inadequate' in 2015 and 'Requiring improvement' in 2019 to 'Good'.",
            {(None, I, True, 2015), (None, RI, True, 2019), (None, G, False, None)},
        ),
        (
            "Wigan YJS moves up to 'Good' from 'Requires improvement' (2019).",
            {(None, G, False, None), (None, RI, True, 2019)},
        ),
        # present-tense headlines and passive forms with the inspectors between
        ("Inspectors rate Wigan Youth Offending Team as 'Good'.", {(None, G, False, None)}),
        ("Wigan Youth Justice Service was found by inspectors to be good overall.", {(None, G, False, None)}),
        ('Overall services were reported as "requires improvement".', {(None, RI, False, None)}),
        (
            "Wigan Youth Justice Service was given a rating of 'requires improvement' by inspectors.",
            {(None, RI, False, None)},
        ),
        ("The service was rated 'Good' in all three domains.", {(None, G, False, None)}),
        # what a rating would have been is no rating
        (
            "Two 'Inadequate' ratings had dragged the overall rating down from 'good' to "
            "'requires improvement'.",
            {(None, RI, False, None)},
        ),
        # another body's rating, and a council's children's services
        ("The council's children's services were rated 'Good' by Ofsted.", set()),
        ("Wigan Youth Justice Service was rated 'Outstanding' by Ofsted's inspectors.", set()),
        # requires improvement said as a verb; a rating word broken over two lines
        ("The service was told it required improvement.", {(None, RI, False, None)}),
        ("A pilot inspection found the service to require improvement.", {(None, RI, False, None)}),
        (
            "It was inspected in May 2024 and was rated overall as 'Requires\nimprovement'.",
            {(None, RI, False, None)},
        ),
        # an adverb before the standard a rating is for
        (
            "Wigan received a rating of 'Outstanding' specifically for its leadership.",
            {("1.1", O, False, None)},
        ),
        # a rating named with no verb: earlier beside an earlier time, else no rating
        (
            "Inspectors praised its response to an 'Inadequate' rating, when it was part of the former "
            "Borsetshire service.",
            {(None, I, True, None)},
        ),
        ("The 'Outstanding' rating is the highest the inspectorate gives.", set()),
        # standards named after a rating noun, placed in their domain by the sentence
        (
            "The board heard how 'Inadequate' ratings given for assessment and planning in out-of-court "
            "disposals lowered the rating.",
            {("3.1", I, False, None), ("3.2", I, False, None)},
        ),
    ],
)
def test_real_world_forms(
    tmp_path: Path, body: str, expected: set[tuple[str | None, str, bool, int | None]]
) -> None:
    ratings = _prose(tmp_path, WIGAN + body + "\n")
    assert {(r.standard_code, r.rating, r.earlier, r.year) for r in ratings} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a count stated before the service and its verb is a count, never the overall rating
        ("In four of the 12 areas examined the service was rated 'Outstanding'.", {(4, 12, O)}),
        ("It was deemed 'good' overall and 'outstanding' in six areas.", {(6, None, O)}),
        (
            "Inspectors rated the service 'outstanding' in nine out of 13 key areas and 'good' in the "
            "remaining four.",
            {(9, 13, O), (4, 13, G)},
        ),
        (
            "Of its 12 standards, seven were rated Good, four Requires improvement and one Inadequate.",
            {(7, 12, G), (4, 12, RI), (1, 12, I)},
        ),
        ("Two areas rated 'Outstanding': planning and reviewing.", {(2, None, O)}),
        (
            "Of the 12 standards inspected, seven were found to be good, four to require improvement and "
            "one to be inadequate.",
            {(7, 12, G), (4, 12, RI), (1, 12, I)},
        ),
        (
            "We looked at 12 aspects of their work and they achieved the highest rating – 'Outstanding' – "
            "in four categories.",
            {(4, 12, O)},
        ),
    ],
)
def test_counts_are_counts_wherever_the_number_stands(
    tmp_path: Path, sentence: str, expected: set[tuple[int, int | None, str]]
) -> None:
    from yjs_qa.ingest import ingest
    from yjs_qa.ratings import extract_ratings

    path = tmp_path / "wigan-news.txt"
    path.write_text(WIGAN + sentence + "\n", encoding="utf-8")
    doc, passages = ingest(path)
    read = extract_ratings([doc], passages)
    assert {(c.count, c.of, c.rating) for c in read.counts} == expected
    assert all(r.rating not in {c.rating for c in read.counts} or "overall" in r.text for r in read.ratings)
