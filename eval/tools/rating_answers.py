"""Check the answers to rating questions against the answer each question expects.

    python eval/tools/rating_answers.py INDEX QUESTIONS.jsonl [--counts-only]

For every question with an "expect" field (eval/realdev2.md describes it): does the answer lead with
the expected service's rating of the expected scope and time, answer with the expected count, or say
that the rating is not recorded (no structured rating of that service; "not recorded" or "not found")?
An answer led by another service's rating is wrong. `--counts-only` prints the totals only (for a
half that must stay unseen).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from yjs_qa import Answer, Library
from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.services import service_key


def same(a: str | None, b: str | None) -> bool:
    strip = re.compile(r"\b(?:city|county|borough|of|the)\b")
    ka, kb = (" ".join(strip.sub(" ", service_key(x or "")).split()) for x in (a, b))
    return bool(ka) and ka == kb


def scope_codes(scope: str) -> set[str | None]:
    """The standard codes an expected scope names: None for overall."""
    if scope == "overall":
        return {None}
    kind, _, what = scope.partition(":")
    what = F.normalise(what or kind)
    codes: set[str | None] = set()
    if re.fullmatch(r"\d\.\d", what):
        return {what}
    for s in (*F.STANDARDS, *F.FRAMEWORK_2025.standards):
        if what in (F.normalise(s.name), *map(F.normalise, s.aliases)):
            codes.add(s.code)
    for d in F.DOMAINS:
        if what in (F.normalise(d.name), *map(F.normalise, d.aliases)):
            codes |= {s.code for s in F.STANDARDS if s.domain_number == d.number}
    return codes


def counts_of(a: Answer) -> list[Any]:
    """The answer's counts (an Answer before #21 has none)."""
    return list(getattr(a, "rating_counts", []))


def verdict(a: Answer, expect: dict[str, Any], dates: dict[str, str | None]) -> tuple[str, str]:
    service = expect.get("service")
    led = a.ratings[0] if a.ratings else None
    got = (
        f"{led.service}: {led.standard} {led.rating}{' earlier' if led.earlier else ''}"
        + (f" {led.year}" if led.year else "")
        if led
        else "; ".join(f"{c.service}: {c.count} {c.rating}" for c in counts_of(a)) or "(no rating)"
    )
    if led is not None and service and not same(led.service, service):
        return "other service", got
    if expect.get("not_recorded"):
        ours = [r for r in a.ratings if same(r.service, service)]
        return ("right" if not ours else "wrong"), got
    if "ratings" in expect:  # several standards: each with its rating, the asked service's
        got_pairs = {(r.standard_code, r.rating) for r in a.ratings if same(r.service, service)}
        return ("right" if set(expect["ratings"].items()) <= got_pairs else "wrong"), got
    if "count" in expect:
        # service None: a national figure, a count of services
        hit = any(
            (c.service is None if service is None else same(c.service, service))
            and c.count == expect["count"]
            and c.rating == expect.get("rating", c.rating)
            for c in counts_of(a)
        )
        return ("right" if hit else "wrong"), got
    if led is None:
        return "missing", got
    earlier = expect.get("time") == "earlier"
    ok = led.rating == expect["rating"] and led.standard_code in scope_codes(expect.get("scope", "overall"))
    year = expect.get("year")
    if earlier and year is not None:
        # Earlier by its own words and dated so, or the rating of a document of that time (a report
        # is published months after its fieldwork) that a later inspection has since replaced.
        published = (dates.get(led.document) or "")[:4]
        ok = ok and (led.year == year or (not led.earlier and published in (str(year), str(year + 1))))
    else:
        ok = ok and led.earlier == earlier
    return ("right" if ok else "wrong"), got


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--counts-only", action="store_true")
    args = parser.parse_args()
    lib = Library.open(args.index)
    dates = {d.document: d.date for d in lib.documents}
    totals: dict[str, int] = {}
    for line in args.questions.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if "expect" not in q:
            continue
        a = lib.ask(q["question"], **q.get("filters", {}))
        status, got = verdict(a, q["expect"], dates)
        totals[status] = totals.get(status, 0) + 1
        if not args.counts_only:
            print(f"{q['id']:6} {status:13} {q['question']}\n       want {q['expect']}\n       got  {got}")
    asked = sum(totals.values())
    print(f"rating questions {asked}: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
