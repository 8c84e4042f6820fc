"""Lay words in a question, and the words inspection reports use for the same thing.

People ask "were youngsters visited while locked up?"; reports say "children in custody". The
keyword search only matches words, so a question's lay terms also search for the reports' terms.
The table is data (knowledge/data/thesaurus.csv, read by knowledge/lexicon.py: `phrase`
alternatives separated by ';', then the report terms); only the keyword side is expanded, the
embedding sees the question as asked. A lay word with two common senses stays out ("jobs":
children's employment, or staff's own jobs), since expanding the wrong sense pulls in passages on
the wrong topic.
"""

from __future__ import annotations

import re

from yjs_qa.knowledge.lexicon import thesaurus

# How people frame a question about a report, which no passage needs to match: "what did
# inspectors say about X" is a question about X. Every passage is something inspectors said.
QUESTION_FRAME = re.compile(
    r"\b(what|how|did|do|does|have|has)\s+(the\s+)?(inspectors?|inspectorate|hmip|inspection|report)\s+"
    r"(say|said|find|found|think|thought|report|reported|note|noted|conclude|concluded|identify|identified)"
    r"(\s+(about|on|regarding))?\b",
    re.IGNORECASE,
)


def keyword_question(question: str) -> str:
    """The question without its frame, for the keyword search."""
    return QUESTION_FRAME.sub(" ", question)


def expansions(question: str) -> list[str]:
    """The report terms for each lay phrase in `question`, in table order, without repeats."""
    text = question.replace("’", "'")
    return list(dict.fromkeys(terms for pattern, terms in thesaurus() if pattern.search(text)))
