"""ratings/read/: statements in prose read in four steps (which word, whose, what scope, which time),
on synthetic sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ESSEX, KENT, PRESS

from yjs_qa import Library, Rating

RI, G, O, I = "Requires improvement", "Good", "Outstanding", "Inadequate"  # noqa: E741


def _of(lib: Library, document: str) -> dict[str | None, Rating]:
    return {r.standard_code: r for r in lib.ratings() if r.document == document}


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


def test_a_list_of_services_counted_is_a_national_figure_out_of_the_total(tmp_path: Path) -> None:
    from yjs_qa.ingest import ingest
    from yjs_qa.ratings import extract_ratings

    path = tmp_path / "annual-report-2020.txt"
    path.write_text(
        "Annual report 2020: youth offending services\n\n"
        "At each of the 16 services, inspectors rated 12 aspects of work. The Inspectorate rated:\n"
        "• One service ‘Outstanding’\n• Six services ‘Good’\n• One service ‘Inadequate’.\n",
        encoding="utf-8",
    )
    doc, passages = ingest(path)
    read = extract_ratings([doc], passages)
    assert read.ratings == []
    assert {(c.service, c.count, c.of, c.rating) for c in read.counts} == {
        (None, 1, 16, O),
        (None, 6, 16, G),
        (None, 1, 16, I),
    }


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
        # a share of services, a service's own rating: no count
        ("Across England, 80 per cent of services were rated Good.", set()),
        ("Three in four services were rated 'Good' this year.", set()),
        ("Wigan Youth Justice Service was rated 'Good'.", set()),
        # a count of services is a national figure: no service's, whoever the sentence names
        ("In 2019, eleven services were rated 'Outstanding'.", {(None, O, 11, None, "services")}),
        (
            "Three YOTs were rated ‘outstanding’, 12 ‘good’ and 3 teams were rated ‘inadequate’.",
            {(None, O, 3, None, "YOTs"), (None, G, 12, None, "YOTs"), (None, I, 3, None, "teams")},
        ),
        ("Wigan was one of four services rated 'Outstanding' this year.", {(None, O, 4, None, "services")}),
        ("One of the 16 services inspected was rated 'Inadequate'.", {(None, I, 1, 16, "services")}),
        (
            "Of the 16 services inspected, three YOTs were rated 'Outstanding'.",
            {(None, O, 3, 16, "YOTs")},
        ),
        # counted on one piece of work, not overall: no count of ratings
        ("Ten services were rated 'Inadequate' for their assessment work.", set()),
    ],
)
def test_summary_counts_are_read_as_counts(tmp_path: Path, sentence: str, expected: set[object]) -> None:
    assert _counts(tmp_path, sentence + "\n") == expected


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
