"""Check document tags (service, kind) against the expected tags of realdev, eval/added and corpus/.

    python eval/check_tags.py [--half dev|heldout|all] [--realdev DIR]

Ingests each document (no model needed), prints one row per document, then per set the number of
service and kind mismatches and of "not a service" tags: a service tag that is neither a name nor an
alias in yjs_qa/knowledge/data/services.csv. Exits 1 when any tag is not a service.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

from yjs_qa.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SERVICES_CSV = ROOT / "yjs_qa" / "knowledge" / "data" / "services.csv"
# The shipped corpus has no expected-tags file: these are its tags as the tests pin them.
CORPUS_EXPECTED = {
    "east-sussex-2024-cabinet-paper.txt": ("East Sussex", "council paper"),
    "essex-2018-cypnow-news.txt": ("Essex", "news article"),
    "kent-kentonline-news.txt": ("Kent", "news article"),
    "southend-on-sea-2024-hmip-inspection-report.txt": ("Southend-on-Sea", "inspection report"),
    "southend-on-sea-2024-hmip-press-release.txt": ("Southend-on-Sea", "press release"),
}
KIND_SYNONYMS = {"news": "news article"}


def key(name: str | None) -> str:
    """A service name compared loosely: accents, case, '&' and punctuation do not count."""
    if name is None:
        return ""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = folded.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def service_names() -> set[str]:
    """Every canonical name and alias in the services table, as keys."""
    names: set[str] = set()
    with SERVICES_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names.add(key(row["service"]))
            names.update(key(a) for a in row["aliases"].split(";") if a.strip())
    return names


def expected_sets(half: str, realdev: Path) -> dict[str, dict[Path, tuple[str | None, str]]]:
    """Set name -> file -> (expected service, expected kind)."""
    sets: dict[str, dict[Path, tuple[str | None, str]]] = {}
    real = json.loads((ROOT / "eval" / "realdev-expected.json").read_text(encoding="utf-8"))
    for h in ("dev", "heldout"):
        if half in (h, "all"):
            sets[f"realdev-{h}"] = {
                realdev / name: (exp["service"], exp["kind"])
                for name, exp in real["documents"].items()
                if exp["half"] == h
            }
    added = json.loads((ROOT / "eval" / "added-expected.json").read_text(encoding="utf-8"))
    sets["added"] = {
        ROOT / "eval" / "added" / name: (exp["service"], KIND_SYNONYMS.get(exp["kind"], exp["kind"]))
        for name, exp in added["documents"].items()
    }
    sets["corpus"] = {ROOT / "corpus" / name: exp for name, exp in CORPUS_EXPECTED.items()}
    return sets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--realdev", type=Path, default=ROOT.parent / "shared" / "realdev")
    args = parser.parse_args()
    known = service_names()
    not_a_service = 0
    totals: list[str] = []
    for set_name, expected in expected_sets(args.half, args.realdev).items():
        service_bad = kind_bad = nonsense = 0
        print(f"\n## {set_name}")
        print(f"{'document':58} {'service (expected -> got)':52} {'kind (expected -> got)'}")
        for path, (want_service, want_kind) in expected.items():
            doc, _ = ingest(path)
            got_service, got_kind = doc.service, str(doc.kind)
            s_ok = key(got_service) == key(want_service)
            k_ok = got_kind == want_kind
            bad = got_service is not None and key(got_service) not in known
            service_bad += not s_ok
            kind_bad += not k_ok
            nonsense += bad
            s_col = f"{'ok ' if s_ok else 'XX '}{want_service} -> {got_service}"
            s_col += "  (NOT A SERVICE)" if bad else ""
            k_col = f"{'ok ' if k_ok else 'XX '}{want_kind} -> {got_kind}"
            print(f"{path.name[:58]:58} {s_col:52} {k_col}")
        not_a_service += nonsense
        totals.append(
            f"{set_name:15} documents {len(expected):2}  service mismatches {service_bad:2}  "
            f"kind mismatches {kind_bad:2}  not a service {nonsense:2}"
        )
    print("\n## totals")
    print("\n".join(totals))
    return 1 if not_a_service else 0


if __name__ == "__main__":
    sys.exit(main())
