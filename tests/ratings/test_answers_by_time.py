"""ratings/answers.py: the ratings of the time a question asks about."""

from __future__ import annotations

from pathlib import Path

from support import incoming_report

from yjs_qa import Library
from yjs_qa.ratings.answers import asked_ratings
from yjs_qa.testing import HashEmbedder


def test_a_later_inspections_rating_outranks_an_earlier_report(wigan: Library, tmp_path: Path) -> None:
    report = (
        "An inspection of youth offending services in Wigan\n\nPublished June 2019\n\n"
        "Wigan Youth Justice Service was rated 'Inadequate' by the inspectors.\n"
    )
    wigan.add([incoming_report(tmp_path, report, "wigan-2019-report.txt")])
    lib = Library.open(wigan.index_dir, embedder=HashEmbedder())
    kinds = {d.document: d.kind.value for d in lib.documents}
    assert kinds["wigan-2019-report.txt"] == "inspection report"
    assert {r.rating for r in lib.ratings(service="wigan", standard="overall")} == {"Good", "Inadequate"}
    # a report outranks a press release of the same inspection, not one five years later
    (latest,) = lib.ratings(service="wigan", standard="overall", unique=True)
    assert (latest.rating, latest.document) == ("Good", "wigan-2024-press-release.txt")
    assert [r.rating for r in lib.ask("How was Wigan rated?", k=5).ratings] == ["Good"]
    assert [r.rating for r in lib.ask("How was Wigan rated in 2019?", k=5).ratings] == ["Inadequate"]


def test_an_undated_rating_counts_for_a_year_only_where_none_is_dated_to_it(
    wigan: Library, tmp_path: Path
) -> None:
    undated = {
        "bolton-news.txt": "Bolton news\n\nBolton Youth Justice Service was rated 'Good'.\n",
        "wigan-undated-report.txt": "An inspection of youth offending services in Wigan\n\n"
        "Wigan YJS was rated 'Inadequate'.\n",
    }
    wigan.add([incoming_report(tmp_path, text, name) for name, text in undated.items()])
    lib = Library.open(wigan.index_dir, embedder=HashEmbedder())
    assert all(d.date is None for d in lib.documents if d.document in undated)

    def rated(service: str, year: int) -> list[tuple[str, str]]:
        asked = asked_ratings(
            lib._view.ratings_data, f"How was {service} rated in {year}?", None, [service], [year]
        )
        assert asked.missing is None
        return [(r.rating, r.document) for r in asked.ratings]

    assert rated("Bolton", 2019) == [("Good", "bolton-news.txt")]  # not ruled out by the year
    assert rated("Wigan", 2024) == [("Good", "wigan-2024-press-release.txt")]  # dated to then wins
    assert rated("Wigan", 2017) == [("Inadequate", "wigan-undated-report.txt")]  # only it may be of then
