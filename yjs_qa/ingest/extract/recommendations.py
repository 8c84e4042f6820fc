"""Recommendations as data: what should be done, by whom, from 'X should:' lists and plain statements."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yjs_qa.models import Document, Passage, Recommendation, SectionKind

# Who a recommendation is addressed to, first match wins: (pattern over the addressee, kind).
ADDRESSEE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (r"\bchair\b", "board chair"),
        (r"\byouth justice board\b|\bYJB\b", "Youth Justice Board"),
        (r"\bhead of service\b|\bservice manager\b|\bhead of (the )?(yjs|yos|yot)\b", "head of service"),
        (r"\bpolice\b|\bconstabulary\b", "police"),
        (r"\bmanagement board\b|\bpartnership board\b|\bboard\b", "management board"),
        (r"\bprobation service\b|\bprobation delivery unit\b", "probation service"),
        (r"\bhealth\b|\bNHS\b|\bintegrated care board\b|\bICB\b", "health"),
        (r"\bcouncil\b|\blocal authority\b|\bdirector\b|\bchildren'?s services\b", "local authority"),
        (r"\bministry of justice\b|\bhome office\b|\bdepartment for\b", "government"),
        (
            r"\byouth (justice|offending)\b|\b(YJS|YOS|YOT)\b|\bservice\b|\bpartnership\b",
            "youth justice service",
        ),
    )
)
# A heading that introduces a list of recommendations: "The chair of X management board should".
SHOULD_HEADING = re.compile(r"^(?P<who>.{3,140}?)\s+should:?$", re.IGNORECASE)
ITEM_NUMBER = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s+")
# Recommendations reported in prose (news, council papers): (pattern with 'who' and 'what').
STATEMENTS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\brecommends? that (?:the )?(?P<who>[^.,;]{2,80}?) should (?P<what>[^.]+)",
        r"\brecommendations?\b[^.]{0,80}?\bincluded? that (?:the )?(?P<who>[^.,;]{2,60}?)"
        r" should (?P<what>[^.]+)",
    )
)


def addressee_kind(who: str) -> str:
    """The kind of body a recommendation is addressed to, from the table above; 'other' if none fits."""
    return next((kind for pattern, kind in ADDRESSEE_KINDS if pattern.search(who)), "other")


def extract_recommendations(
    documents: Iterable[Document], passages: Iterable[Passage]
) -> list[Recommendation]:
    """Every recommendation the documents state, in document order."""
    docs = {d.document: d for d in documents}
    out: list[Recommendation] = []
    for p in passages:
        doc = docs.get(p.document)
        if doc is None:
            continue
        heading = SHOULD_HEADING.match(p.section_path[-1]) if p.section_path else None
        if p.section_kind == SectionKind.RECOMMENDATION and heading:
            number = ITEM_NUMBER.match(p.text)
            out.append(
                _recommendation(
                    doc,
                    p,
                    heading.group("who").strip(),
                    ITEM_NUMBER.sub("", p.text).strip(),
                    int(number.group("num")) if number else None,
                )
            )
            continue
        for span in p.sentences:
            sentence = p.text[span.start : span.end]
            m = next((m for s in STATEMENTS if (m := s.search(sentence))), None)
            if m is not None:
                out.append(_recommendation(doc, p, m.group("who").strip(), m.group("what").strip(), None))
    return out


def _recommendation(doc: Document, p: Passage, who: str, what: str, number: int | None) -> Recommendation:
    return Recommendation(
        service=doc.service,
        number=number,
        text=what,
        addressee=re.sub(r"^the\s+", "", who, flags=re.IGNORECASE),
        addressee_kind=addressee_kind(who),
        document=doc.document,
        passage_id=p.id,
        page=p.page,
    )
