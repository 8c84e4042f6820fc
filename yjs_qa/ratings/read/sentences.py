"""Reading one passage's sentences: each rating word through the four steps (words, owners, scopes,
times) to a Statement that carries every step's decision and the evidence."""

from __future__ import annotations

import itertools

from yjs_qa.models import Passage
from yjs_qa.ratings.read.evidence import Context, Statement
from yjs_qa.ratings.read.owners import declared_services, sentence_owner, whose
from yjs_qa.ratings.read.scopes import what
from yjs_qa.ratings.read.times import when
from yjs_qa.ratings.read.words import mentions
from yjs_qa.ratings.vocabulary import SENTENCE_BREAK


def passage_statements(
    p: Passage,
    service: str | None,
    later: bool = False,
    published: int | None = None,
    source: str = "statement",
) -> list[Statement]:
    """Every rating statement in the passage's sentences, rejected ones included (with why).
    `service` is the document's; `published` its year, which marks a rating dated years before it
    as stale; `later` whether it is under the 2025 framework."""
    out: list[Statement] = []
    declared = declared_services(p.text)
    for span in p.sentences or []:
        for start, end in _clauses(p.text, span.start, span.end):
            sentence = p.text[start:end]
            out += sentence_statements(
                sentence, p, p.text[:start], service, declared, later, published, source
            )
    return out


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of one span: a rating is never stated across a sentence break."""
    cuts = [start, *(start + m.end() for m in SENTENCE_BREAK.finditer(text[start:end])), end]
    return [(a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def sentence_statements(
    sentence: str,
    p: Passage,
    before: str,
    service: str | None,
    declared: dict[str, str],
    later: bool,
    published: int | None,
    source: str = "statement",
) -> list[Statement]:
    found, refused = mentions(sentence)
    if not found and not refused:
        return []
    owner = sentence_owner(sentence, service, declared, service)
    context = Context(sentence, before, later)
    taken = [m.span for m in found]
    out: list[Statement] = []
    for r in refused:
        s = Statement(r.rating, source, p, sentence, scope="none", rejected=f"not a rating: {r.why}")
        s.step("word", r.rating, r.why)
        out.append(s)
    end = 0
    for m in sorted(found, key=lambda m: m.start):
        s = Statement(m.rating, source, p, sentence)
        s.step("word", m.rating, m.why)
        # 'Bolton YJS was rated Inadequate, while Wigan was rated Good': the words since the last
        # rating may name whose this one is.
        segment_owner = sentence_owner(sentence[end : m.start], owner, declared, service) if owner else None
        end = max(end, m.end)
        head = (
            m.match.group("obj")
            if "obj" in m.match.groupdict() and m.match.group("obj")
            else sentence[: m.start]
        )
        scope = what(m, context)
        if scope.national:  # a count of services is the national figure's, whoever the sentence names
            s.step("owner", "a national figure", "a count of services, no one service's rating")
            s.national = True
        else:
            who = whose(head, sentence[m.end :], segment_owner, service)
            s.step("owner", who.service or who.other or (service or "?"), who.why)
            if who.other:
                s.rejected = f"not a service's rating: {who.other}"
                s.scope = "none"
                out.append(s)
                continue
            s.service = who.service
        s.scope, s.count, s.of, s.counted = scope.kind, scope.count, scope.of, scope.counted
        found_scope = (
            f"standards {', '.join(scope.codes)}"
            if scope.kind == "standard"
            else f"count {scope.count}" + (f" of {scope.of}" if scope.of else "")
            if scope.kind == "count"
            else scope.kind
        )
        s.step("scope", found_scope, scope.why)
        time = when(m, sentence, taken, published)
        s.earlier, s.stale = time.earlier, time.stale
        s.year = time.year if time.earlier or time.stale else None
        s.step(
            "time",
            f"earlier ({time.year})"
            if time.earlier and time.year
            else "earlier"
            if time.earlier
            else f"current, dated {time.year}"
            if time.stale
            else "current",
            time.why,
        )
        if scope.kind == "standard":
            for code in scope.codes:
                one = Statement(**{**s.__dict__, "steps": list(s.steps)})
                one.code, one.name = code, scope.names.get(code)
                out.append(one)
        else:
            out.append(s)
    return out
