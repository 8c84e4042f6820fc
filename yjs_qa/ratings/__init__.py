"""Ratings as data: one subsystem, from the words a document states to the answers it gives.

- vocabulary.py: every pattern of a stated rating, built from the four-point scale's words
  (knowledge/scale.py: the one table of ratings, their words, points, short codes and bands).
- read/: reading a document's statements, in named steps (which word, whose, what scope, which time),
  each keeping why.
- reconcile.py: a document's statements -> its ratings and counts (current against earlier;
  disagreeing current statements kept and flagged; a user's corrections applied).
- select.py: filters, and across documents one rating per service and standard with the sources
  that agree and disagree; questions.py: what a rating question asks for; answers.py: the answers,
  the ratings table and the explanation of one service's ratings.

Layers: this package reads models and knowledge; ingest, index and query read it.
"""

from yjs_qa.ratings.reconcile import DocumentRatings
from yjs_qa.ratings.reconcile import extract as extract_ratings

__all__ = ["DocumentRatings", "extract_ratings"]
