"""Summary counts of ratings a document states, kept as counts: "it received seven 'Good' ratings",
"four of the 12 standards were rated 'Outstanding'". They name no standard, so they are never read as
a standard's rating (rating_forms.COUNTED keeps them out of Rating); here they are data of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yjs_qa.ingest.extract.rating_owners import declared_services, owner
from yjs_qa.ingest.extract.rating_sources import RATING_WORDS, Q, canonical
from yjs_qa.knowledge.lexicon import NUMBER_WORDS
from yjs_qa.models import Document, Passage, RatingCount, SectionKind

# A count in figures or words; a year is not a count.
N = rf"(?:(?!(?:19|20)\d\d\b)\d{{1,2}}|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
COUNTED = r"(?P<counted>standards|areas|aspects|domains|judgements|ratings|grades)"
R = rf"{Q}(?P<rating>{RATING_WORDS}){Q}"
VERB = r"(?:(?:were|was|are|have been|had been)\s+)?(?:(?:rated|judged|graded|assessed)\s+)?(?:as\s+)?"
FORMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # 'four of the 12 standards were rated Outstanding', 'seven of its 12 standards as Good'
        rf"\b(?P<count>{N})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?P<of>{N})\s+{COUNTED}\s+{VERB}{R}",
        # 'four standards were rated Outstanding'
        rf"\b(?P<count>{N})\s+{COUNTED}\s+{VERB}{R}",
        # "seven 'Good' ratings"
        rf"\b(?P<count>{N})\s+{R}\s+(?P<counted>ratings|judgements|grades)\b",
        # 'rated Outstanding in four of the 12 standards'
        rf"\b(?:rated|judged|graded)\s+(?:as\s+)?{R}\s+(?:in|for|on)\s+(?P<count>{N})\s+(?:out\s+)?of\s+"
        rf"(?:the\s+|its\s+|their\s+)?(?P<of>{N})\s+{COUNTED}",
    )
)
SKIPPED = (SectionKind.KEY_QUESTIONS, SectionKind.TABLE, SectionKind.FOOTNOTE, SectionKind.RATING)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def extract_rating_counts(documents: Iterable[Document], passages: Iterable[Passage]) -> list[RatingCount]:
    """Every summary count of ratings the documents' sentences state, each with the service it
    belongs to. A sentence about other services only in passing, or a national publication's count
    of services, is no service's count."""
    docs = {d.document: d for d in documents}
    out: list[RatingCount] = []
    for p in passages:
        doc = docs.get(p.document)
        if doc is None or doc.service is None or p.section_kind in SKIPPED:
            continue
        declared = declared_services(p.text)
        for span in p.sentences or []:
            sentence = p.text[span.start : span.end]
            whose = owner(sentence, doc.service, declared)
            if whose is None:
                continue
            seen: set[tuple[int, int]] = set()
            for form in FORMS:
                for m in form.finditer(sentence):
                    if any(a < m.end() and m.start() < b for a, b in seen):
                        continue  # one statement, read by the fullest form first
                    seen.add(m.span())
                    of = m.groupdict().get("of")
                    out.append(
                        RatingCount(
                            service=whose,
                            rating=canonical(m.group("rating")),
                            count=_number(m.group("count")),
                            of=_number(of) if of else None,
                            counted=m.group("counted").lower(),
                            document=doc.document,
                            passage_id=p.id,
                            page=p.page,
                            text=sentence,
                        )
                    )
    return out
