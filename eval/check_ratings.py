"""Score the ratings extractor on the realdev documents against eval/realdev-expected.json.

    python eval/check_ratings.py [--half dev|heldout|all] [--counts-only] [--dir ../shared/realdev]

Ingests each document, runs the ratings extraction (no embedding model) and compares:
- overall: the current overall rating per document: correct, wrong value, missing, or spurious
  (a rating found where none is expected); attribution separately: to the expected service, either
  as the rating's service or as a service the rating's sentence names;
- other ratings (domain and standard): matched to the framework's standards by name or alias;
- earlier ratings: value, year and service; and rating flags (an earlier rating must not be one).
`--counts-only` prints the counts and no per-document detail (for a half that must stay unseen).
Runs on the old flat layout too (PYTHONPATH=<old tree>): it falls back to its module names.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "realdev-expected.json"
DEFAULT_DIR = HERE.parent.parent / "shared" / "realdev"


def _load() -> tuple[Callable[..., Any], Callable[..., Any], Any, dict[str, str]]:
    """ingest, extract_ratings, the framework module and the services table, new layout or old."""
    from yjs_qa.ingest import ingest  # a module before #14, a package after: both have ingest()

    try:
        from yjs_qa.ingest.extract.ratings import extract_ratings
        from yjs_qa.knowledge import framework
        from yjs_qa.knowledge.services import service_table
    except ImportError:  # the flat layout before #14
        from yjs_qa.ratings import extract_ratings  # type: ignore[no-redef,import-not-found]
        from yjs_qa.tag import service_table  # type: ignore[no-redef,import-not-found]

        from yjs_qa import framework  # type: ignore[no-redef,attr-defined]
    return ingest, extract_ratings, framework, service_table()


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"\b(county council|council)\b", " ", text.lower().replace("&", " and "))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _names(service: str, table: dict[str, str]) -> set[str]:
    """The service's name and every alias the services table knows for it, as keys."""
    canonical = {table[a] for a in table if _key(a) == _key(service)} or {service}
    names = {_key(service)} | {_key(a) for a, c in table.items() if c in canonical}
    return {n for n in names if n}


def _attributed(rating: Any, service: str | None, table: dict[str, str]) -> str:
    """'tag' (the rating's service), 'text' (named in its sentence), or 'other'."""
    if service is None:
        return "other"
    names = _names(service, table)
    if rating.service and _key(rating.service) in names:
        return "tag"
    text = f" {_key(rating.text)} "
    return "text" if any(f" {n} " in text for n in names) else "other"


def _codes_for(what: str, framework: Any) -> set[str]:
    """Standards of the 2018-2024 framework that `what` names (by name or alias), or its domain's."""
    key = framework.normalise(what)
    codes = {
        s.code
        for s in framework.STANDARDS
        if key == framework.normalise(s.name) or key in (framework.normalise(a) for a in s.aliases)
    }
    for d in framework.DOMAINS:
        if key == framework.normalise(d.name):
            codes |= {s.code for s in framework.STANDARDS if s.domain_number == d.number}
    return codes


def _matches(rating: Any, what: str, framework: Any) -> bool:
    if rating.standard_code in _codes_for(what, framework):
        return True
    return bool(rating.standard_name) and framework.normalise(what) in framework.normalise(
        rating.standard_name
    )


def _short(r: Any) -> str:
    year = getattr(r, "year", None)
    where = r.standard_code or "overall"
    return f"{r.rating}@{r.service or '-'}[{where}{'/earlier' if getattr(r, 'earlier', False) else ''}" + (
        f"/{year}]" if year else "]"
    )


def score(half: str, folder: Path, counts_only: bool) -> Counter[str]:
    ingest, extract_ratings, framework, table = _load()
    expected: dict[str, dict[str, Any]] = json.loads(EXPECTED.read_text(encoding="utf-8"))["documents"]
    counts: Counter[str] = Counter()
    for name, exp in sorted(expected.items()):
        if half != "all" and exp["half"] != half:
            continue
        doc, passages = ingest(folder / name)
        ratings = list(extract_ratings([doc], passages))
        earlier = [r for r in ratings if getattr(r, "earlier", False)]
        current = [r for r in ratings if not getattr(r, "earlier", False)]
        overall = [r for r in current if r.standard_code is None]
        others = [r for r in current if r.standard_code is not None]
        lines = _overall(exp, overall, table, counts)
        lines += _others(exp, others, framework, counts)
        lines += _earlier(exp, earlier, table, counts)
        flags = sum(len(r.flags) for r in ratings)
        counts["flags"] += flags
        if not counts_only:
            print(f"{name}  (tagged service: {doc.service}, expected: {exp['service']})")
            for line in lines:
                print(f"    {line}")
            for r in ratings:
                print(f"    found {_short(r)} {r.source}: {r.text[:110]!r}")
                for flag in r.flags:
                    print(f"      flag: {flag[:140]}")
    return counts


def _overall(
    exp: dict[str, Any], overall: list[Any], table: dict[str, str], counts: Counter[str]
) -> list[str]:
    want = exp["overall_rating"]
    if want is None:
        counts["overall expected none"] += 1
        status = "spurious" if overall else "ok (none)"
        counts[f"overall {status}"] += 1
        return [f"overall: expected none -> {status} {[_short(r) for r in overall]}"]
    counts["overall expected"] += 1
    right = [r for r in overall if r.rating == want]
    if right:
        status = "correct"
        where = Counter(_attributed(r, exp["service"], table) for r in right)
        attribution = "tag" if where["tag"] else "text" if where["text"] else "other"
        counts[f"overall attributed {attribution}"] += 1
    else:
        status, attribution = ("wrong" if overall else "missing"), ""
    counts[f"overall {status}"] += 1
    if len({r.rating for r in overall}) > 1:
        counts["overall disagreeing values"] += 1
    return [f"overall: expected {want} -> {status} {attribution} {[_short(r) for r in overall]}"]


def _others(exp: dict[str, Any], others: list[Any], framework: Any, counts: Counter[str]) -> list[str]:
    lines: list[str] = []
    used: set[int] = set()
    for want in exp["other_ratings"]:
        counts["other expected"] += 1
        hits = [i for i, r in enumerate(others) if _matches(r, want["what"], framework)]
        used |= set(hits)
        right = [i for i in hits if others[i].rating == want["rating"]]
        status = "correct" if right else "wrong" if hits else "missing"
        counts[f"other {status}"] += 1
        lines.append(f"other: {want['what']} {want['rating']} -> {status}")
    for i, r in enumerate(others):
        if i not in used:
            counts["other spurious"] += 1
            lines.append(f"other: spurious {_short(r)}")
    return lines


def _earlier(
    exp: dict[str, Any], earlier: list[Any], table: dict[str, str], counts: Counter[str]
) -> list[str]:
    lines: list[str] = []
    used: set[int] = set()
    for want in exp["earlier_ratings"]:
        counts["earlier expected"] += 1
        hits = [i for i, r in enumerate(earlier) if i not in used and r.rating == want["rating"]]
        if not hits:
            counts["earlier missing"] += 1
            lines.append(f"earlier: {want['rating']} {want['year']} -> missing")
            continue
        r = earlier[hits[0]]
        used.add(hits[0])
        counts["earlier correct"] += 1
        year_ok = getattr(r, "year", None) == want["year"]
        counts[f"earlier year {'right' if year_ok else 'wrong'}"] += 1
        services = [s for s in (want.get("service"), exp["service"]) if s]
        where = next((a for s in services if (a := _attributed(r, s, table)) != "other"), "other")
        counts[f"earlier attributed {where}"] += 1
        lines.append(f"earlier: {want['rating']} {want['year']} -> correct, year {r.year}, {where}")
    for i, r in enumerate(earlier):
        if i not in used:
            counts["earlier spurious"] += 1
            lines.append(f"earlier: spurious {_short(r)}")
    return lines


def _print_counts(
    counts: Counter[str], groups: Iterable[str] = ("overall", "other", "earlier", "flags")
) -> None:
    for group in groups:
        items = sorted((k, v) for k, v in counts.items() if k.startswith(group))
        print(f"{group}: " + ", ".join(f"{k.removeprefix(group).strip() or 'total'}={v}" for k, v in items))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--half", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the realdev folder")
    parser.add_argument("--counts-only", action="store_true", help="print counts, no per-document detail")
    args = parser.parse_args(argv)
    counts = score(args.half, args.dir, args.counts_only)
    print(f"--- {args.half} half ---")
    _print_counts(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
