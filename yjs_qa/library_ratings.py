"""The Library's ratings methods: ratings, counts and recommendations as data, and why each rating
was read as it was. Kept apart from library.py, which follows a question and an update through
the layers; these only read the open version's ratings data (yjs_qa/ratings/listings.py)."""

from __future__ import annotations

from pathlib import Path

from yjs_qa.index import corrections
from yjs_qa.knowledge.filter_values import FilterValue
from yjs_qa.models import FilterChoices, Rating, RatingCount, RatingExplanation, RatingsTable, Recommendation
from yjs_qa.query.view import IndexView
from yjs_qa.ratings.listings import (
    explain,
    list_rating_counts,
    list_ratings,
    list_recommendations,
    ratings_table,
)


class RatingsMixin:
    """Ratings as data, for a class with an open IndexView (`_view`) and an `index_dir`."""

    index_dir: Path
    _view: IndexView

    def ratings(
        self,
        service: FilterValue = None,
        standard: FilterValue = None,
        rating: FilterValue = None,
        *,
        unique: bool = False,
        kind: FilterValue = None,
    ) -> list[Rating]:
        """Ratings the indexed documents state, filtered ('southend', '2.1' or 'planning' or 'overall',
        'Inadequate', kind 'press release'). With `unique`, one per service and standard, from the
        best source."""
        return list_ratings(self._view.ratings_data, service, standard, rating, unique=unique, kind=kind)

    def ratings_table(self, service: FilterValue = None, kind: FilterValue = None) -> RatingsTable:
        """Services by overall rating and standards, one rating a cell from the best source."""
        return ratings_table(self._view.ratings_data, service, kind)

    def explain_ratings(self, service: str) -> RatingExplanation:
        """Every rating statement read for one service (by name or alias), how each reading step
        classified it and why, and which readings the ratings data gives."""
        fixed = {n: t.ratings for n, t in corrections.load(self.index_dir).items() if t.ratings}
        return explain(self._view.ratings_data, service, fixed)

    def rating_counts(self, service: FilterValue = None) -> list[RatingCount]:
        """Summary counts of ratings the documents state ("four of the 12 standards were rated
        Outstanding"), kept as counts: they name no standard."""
        return list_rating_counts(self._view.ratings_data, service)

    def recommendations(self, service: FilterValue = None) -> list[Recommendation]:
        """Recommendations the indexed documents state, with whom each is addressed to."""
        return list_recommendations(self._view.ratings_data, service)

    def filter_choices(self) -> FilterChoices:
        """The values each filter takes in this version, by what it filters: for the front ends'
        schemas (a ratings filter lists the services rated, not every service)."""
        values = self._view.filter_values()
        ratings = self.ratings()
        rated = sorted({r.service for r in ratings if r.service})
        return FilterChoices(
            version=self._view.version,
            services=values.services,
            domains=values.domains,
            standards=values.standards,
            kinds=values.kinds,
            rated_services=rated,
            counted_services=sorted({*rated, *(c.service for c in self.rating_counts() if c.service)}),
            recommended_services=sorted({r.service for r in self.recommendations() if r.service}),
            rating_standards=sorted({r.standard for r in ratings}, key=lambda s: (s != "Overall", s)),
            documents=[d.document for d in self._view.data.manifest.documents],
        )
