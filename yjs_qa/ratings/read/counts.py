"""Step 3's counts: a count of a service's standards or ratings ("'Outstanding' in four of the 12
areas", "seven 'Good' ratings", "Of the 12 standards, seven were found to be good"), and a count of
services, a national figure ("3 YOTs were rated 'outstanding', 12 'good' ..."). A count is a
`RatingCount`, never a rating."""

from __future__ import annotations

import re

from yjs_qa.knowledge.lexicon import NUMBER_WORDS
from yjs_qa.ratings.read.evidence import Context, Scope
from yjs_qa.ratings.read.words import Mention
from yjs_qa.ratings.vocabulary import (
    COUNT_LIST,
    COUNT_OF,
    COUNT_PHRASES,
    NUMBER,
    RATED_ON,
    RATING_IN_COUNT,
    SERVICE_WORD,
    SERVICES_RATED,
    SERVICES_TOTAL,
)


def number(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text)


def counted(m: Mention, c: Context) -> Scope:
    """A count form's numbers: "'Outstanding' in four of the 12 areas", "seven 'Good' ratings"."""
    g = m.match.groupdict()
    if m.pattern is SERVICES_RATED or (m.pattern is COUNT_LIST and SERVICES_RATED.search(c.sentence)):
        return _services_counted(m, c)
    if m.pattern is RATING_IN_COUNT and g.get("other") is None and g.get("counted") is None:
        return Scope("none", "a number after the rating word counts nothing rated")
    count, of = number(g.get("count")), number(g.get("of"))
    counted = (g.get("counted") or "").lower() or None
    if of is None and (whole := COUNT_OF.search(c.sentence)):
        of, counted = number(whole.group("of")), counted or whole.group("counted").lower()
    if of is None and g.get("other") and (whole := COUNT_OF.search(c.before[-300:] + c.sentence)):
        of = number(whole.group("of"))
    if of is None and count is not None:  # 'We looked at 12 aspects ... Outstanding in four categories'
        totals = [
            n for h in COUNT_PHRASES[1].finditer(c.sentence) if (n := number(h.group("count"))) and n > count
        ]
        of = totals[0] if totals else None
    return Scope(
        "count", f"a count: '{' '.join(m.match.group(0).split())}'", count=count, of=of, counted=counted
    )


def _services_counted(m: Mention, c: Context) -> Scope:
    """A count of services rated one way, a national figure: 'Three YOTs were rated "outstanding"',
    and the counts listed beside one ('..., 12 "good" and 8 "requires improvement"')."""
    g = m.match.groupdict()
    if RATED_ON.match(c.sentence[m.end :]):
        return Scope("none", "services counted as rated on one part of their work, not overall")
    if re.search(rf"\b{NUMBER}\s+in\s+{NUMBER}\b", c.sentence[: m.end], re.IGNORECASE):
        return Scope("none", "a share of services ('three in four'), not a count")
    count, of = number(g.get("count")), number(g.get("of"))
    if of is not None and not re.search(r"\b(?:were|was|are|been)\b", m.match.group(0), re.IGNORECASE):
        count, of = of, None  # 'one of four services rated Outstanding': four were
    counted = g.get("counted") or next(
        (h.group("counted") for h in SERVICES_RATED.finditer(c.sentence)), "services"
    )
    if of is None:
        totals = [
            n
            for h in SERVICES_TOTAL.finditer(c.before[-400:] + " " + c.sentence)
            if (n := number(h.group("of") or h.group("of2"))) and count is not None and n > count
        ]
        of = totals[-1] if totals else None
    return Scope(
        "count",
        f"a count of {counted}, a national figure: '{' '.join(m.match.group(0).split())}'",
        count=count,
        of=of,
        counted=counted,
        national=True,
    )


def count_in(head: str, after: str) -> Scope | None:
    """A count of standards or areas in the words before a form ('Four of the 12 standards were
    rated', 'In four of the 12 areas examined the service was rated') or just after it ('rated
    Outstanding in four of the 12 standards')."""
    # 'Of the 12 standards, seven were found to be good': a bare number is the subject counted.
    subject = re.search(rf"(?:^|[,;(]\s*|\band\s+)(?P<count>{NUMBER})\s*$", head, re.IGNORECASE)
    if subject and (whole := COUNT_OF.search(head)):
        n = number(subject.group("count"))
        return Scope(
            "count",
            f"a count of {whole.group('counted')}: '{subject.group(0).strip(' ,;')}'",
            count=n,
            of=number(whole.group("of")),
            counted=whole.group("counted").lower(),
        )
    tail = re.match(r"^\s*(?:overall\s*)?,?\s*(?:in|for|on|across)\s+(?P<what>.{0,80})", after, re.IGNORECASE)
    places = [(head, "before")]
    if tail:
        places.insert(0, (tail.group("what"), "after"))
    for text, where in places:
        for pattern in COUNT_PHRASES[:2]:
            for hit in pattern.finditer(text):
                if where == "after" and hit.start() > 12:
                    continue  # 'rated Good in its work with children in six areas' is not this count
                if re.search(
                    r"\b(?:all|each|every|both)(?:\s+of)?(?:\s+the|\s+its)?\s*$", text[: hit.start()], re.I
                ):
                    continue  # 'rated Good in all three domains' rates the whole, it counts nothing
                if (
                    where == "before"
                    and pattern is COUNT_PHRASES[1]
                    and re.search(rf"\b{SERVICE_WORD}", text[hit.end() :], re.IGNORECASE)
                ):
                    continue  # 'Three areas of the service were rated ...' names the service after it
                g = hit.groupdict()
                counted = (g.get("counted") or "").lower()
                if counted.startswith(("rating", "grade", "judgement")) and where == "before":
                    continue  # 'its two ratings were' is a count of ratings, read by the count forms
                return Scope(
                    "count",
                    f"a count of {counted or 'areas'} {where} it: '{' '.join(hit.group(0).split())}'",
                    count=number(g.get("count")),
                    of=number(g.get("of")),
                    counted=counted or None,
                )
    return None
