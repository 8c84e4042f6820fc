"""Score what the library reads of each realdev document against its expected tags and ratings.

    python eval/check_documents.py [--set realdev|realdev2|both] [--half dev|heldout|all] [--counts-only]

Ingests each document and reads its ratings (no embedding model), then checks, against
eval/realdev-expected.json and eval/realdev2-expected.json, the five things issue #21 asks of a
held-out half:
- service: a document whose text names its service has that service (not missing, not another);
- date: no date from another year than the document's (an unknown date is not wrong);
- overall: every stated current overall rating is read as current (and what else is read beside it);
- earlier: every earlier rating is read as earlier, with its year where stated;
- counts: no count is read as a rating, and each stated count is read as a count;
and, less strictly, the kind, the other services' ratings, and spurious current ratings.
`--counts-only` prints the totals and no per-document detail (for a half that must stay unseen).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from yjs_qa.ingest import ingest
from yjs_qa.knowledge.services import service_key

try:
    from yjs_qa.ratings import extract_ratings
except ImportError:  # the layout before #21, for a before/after table (PYTHONPATH=<old tree>)
    from types import SimpleNamespace

    from yjs_qa.ingest.extract.rating_counts import extract_rating_counts  # type: ignore[import-not-found]
    from yjs_qa.ingest.extract.ratings import extract_ratings as _old  # type: ignore[import-not-found]

    def extract_ratings(docs, passages):  # type: ignore[no-untyped-def]
        return SimpleNamespace(ratings=_old(docs, passages), counts=extract_rating_counts(docs, passages))


HERE = Path(__file__).resolve().parent
SETS = {
    "realdev": (HERE / "realdev-expected.json", HERE.parent.parent / "shared" / "realdev"),
    "realdev2": (HERE / "realdev2-expected.json", HERE.parent.parent / "shared" / "realdev2"),
}


def key(name: str | None) -> str:
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return service_key(folded)


def same_service(a: str | None, b: str | None) -> bool:
    """Loosely: 'Nottingham City' and 'Nottingham', 'Gwynedd and Ynys Môn' and 'Gwynedd & Ynys Mon'."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return ka == kb
    strip = re.compile(r"\b(?:city|county|borough|of|the)\b")
    return ka == kb or " ".join(strip.sub(" ", ka).split()) == " ".join(strip.sub(" ", kb).split())


def check(name: str, exp: dict[str, Any], folder: Path, counts: Counter[str], quiet: bool) -> None:
    doc, passages = ingest(folder / name)
    read = extract_ratings([doc], passages)
    lines: list[str] = []

    def note(what: str, status: str, detail: str = "") -> None:
        counts[f"{what} {status}"] += 1
        lines.append(f"  {what:8} {status:10} {detail}")

    # service
    want = exp["service"]
    if want is None:
        note("service", "ok" if doc.service is None else "spurious", f"want none, got {doc.service}")
    elif same_service(doc.service, want):
        note("service", "ok", want)
    elif exp.get("service_named_in_text") is False:
        note("service", "unnamed", f"want {want} (not named in the text), got {doc.service}")
    else:
        note("service", "missing" if doc.service is None else "wrong", f"want {want}, got {doc.service}")
    # kind
    note("kind", "ok" if str(doc.kind) == exp["kind"] else "other", f"want {exp['kind']}, got {doc.kind}")
    # date: a date from another year than the document's is wrong; unknown is not
    year = exp.get("year")
    got = int(doc.date[:4]) if doc.date else None
    if got is None:
        note("date", "unknown", f"want {exp.get('date') or year}, got none")
    elif year is not None and got == year:
        note("date", "ok", f"{doc.date}")
    elif year is None:
        status = "event" if got in exp.get("event_years", []) else "unsure"
        note("date", status, f"year unknown, got {doc.date}")
    else:
        note("date", "wrong", f"want {exp.get('date') or year}, got {doc.date}")
    ratings = read.ratings
    own = [r for r in ratings if same_service(r.service, want) or (want is None and r.service is None)]
    current = [r for r in own if not r.earlier]
    overall = [r for r in current if r.standard_code is None]
    # overall: the stated current overall rating is read as current, and leads
    want_overall = exp["overall_rating"]
    values = sorted({r.rating for r in overall})
    if want_overall is None:
        note("overall", "spurious" if overall else "ok", f"want none, got {values}")
    elif not overall:
        note("overall", "missing", f"want {want_overall}")
    elif overall[0].rating == want_overall:
        note("overall", "ok" if len(values) == 1 else "ok+other", f"{values}")
    elif want_overall in values:
        note("overall", "not first", f"want {want_overall}, got {values}")
    else:
        note("overall", "wrong", f"want {want_overall}, got {values}")
    # earlier: each expected earlier rating is read as earlier, with its year where stated
    earlier = [r for r in ratings if r.earlier]
    for e in exp["earlier_ratings"]:
        hit = [r for r in earlier if r.rating == e["rating"] and r.standard_code is None]
        if not hit:
            as_current = [r for r in current if r.rating == e["rating"] and r.standard_code is None]
            note("earlier", "as current" if as_current else "missing", f"{e['rating']} {e['year']}")
        elif e["year"] is not None and not any(r.year == e["year"] for r in hit):
            note("earlier", "no year", f"{e['rating']} want {e['year']}, got {[r.year for r in hit]}")
        else:
            note("earlier", "ok", f"{e['rating']} {e['year']}")
    wanted_earlier = {(e["rating"], e["year"]) for e in exp["earlier_ratings"]}
    for r in earlier:
        if (r.rating, r.year) not in wanted_earlier and not any(r.rating == w for w, _ in wanted_earlier):
            note("earlier", "spurious", f"{r.rating} {r.year} {r.service}: {r.text[:80]!r}")
    # counts: read as counts, never as ratings
    # a document on no service states national figures: counts of services, which have no service
    got_counts = {(c.count, c.rating) for c in read.counts if want is not None or c.service is None}
    for c in exp.get("counts", []):
        status = "ok" if (c["count"], c["rating"]) in got_counts else "missing"
        note("count", status, f"{c['count']} of {c.get('of')} {c['rating']}")
    # spurious current ratings: a value the document does not state for its service
    allowed = {want_overall} | {o["rating"] for o in exp.get("other_ratings", [])}
    for r in current:
        if r.rating not in allowed:
            note("spurious", "rating", f"{r.standard} {r.rating}: {r.text[:90]!r}")
    # other services' ratings
    for o in exp.get("other_services", []):
        hit = [
            r
            for r in ratings
            if same_service(r.service, o["service"]) and r.rating == o["rating"] and r.earlier == o["earlier"]
        ]
        note("others", "ok" if hit else "missing", f"{o['service']} {o['rating']}")
    if not quiet:
        print(f"{name}  service={doc.service} kind={doc.kind} date={doc.date}")
        print("\n".join(lines))
        for r in ratings:
            tag = f"{r.standard}{'/earlier' if r.earlier else ''}{f'/{r.year}' if r.year else ''}"
            print(f"    read {r.rating}@{r.service}[{tag}] {r.source}: {r.text[:100]!r}")
        for c in read.counts:
            print(f"    count {c.count} of {c.of} {c.rating}@{c.service}: {c.text[:80]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("realdev", "realdev2", "both"), default="both")
    parser.add_argument("--half", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--counts-only", action="store_true")
    args = parser.parse_args()
    names = ("realdev", "realdev2") if args.set == "both" else (args.set,)
    for set_name in names:
        expected_path, folder = SETS[set_name]
        documents = json.loads(expected_path.read_text(encoding="utf-8"))["documents"]
        counts: Counter[str] = Counter()
        for name, exp in sorted(documents.items()):
            if args.half != "all" and exp["half"] != args.half:
                continue
            check(name, exp, folder, counts, args.counts_only)
        print(f"--- {set_name} {args.half} ---")
        for what in ("service", "date", "overall", "earlier", "count", "spurious", "others", "kind"):
            row = {k.split(" ", 1)[1]: v for k, v in sorted(counts.items()) if k.split(" ", 1)[0] == what}
            print(f"{what:8} " + ", ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
