"""Answer-level checks on the realdev questions that the passage-level eval cannot see.

    python eval/tools/realdev_checks.py INDEX eval/realdev-dev.jsonl

Rating questions: does the answer lead with another service's rating, or with the overall rating
eval/realdev-expected.json records? Comparison questions: does every named service have a passage in
the top five, and a sentence in the answer?
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from yjs_qa import Library

EXPECTED = Path(__file__).resolve().parent.parent / "realdev-expected.json"


def main(index: Path, questions: Path) -> None:
    lib = Library.open(index)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["documents"]
    rating = other = right = compare = each = 0
    for line in questions.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if q["kind"] not in ("rating", "compare") or not q["relevant"]:
            continue
        a = lib.ask(q["question"], **q.get("filters", {}))
        if q["kind"] == "rating":
            rating += 1
            named = set(a.understood.services)
            wrong = [r.service for r in a.ratings if named and r.service not in named]
            want = expected.get(q["relevant"][0]["document"], {}).get("overall_rating") or ""
            ok = bool(a.ratings) and a.ratings[0].rating.lower() == want.lower()
            other, right = other + bool(wrong), right + ok
            lead = [(r.service, r.standard, r.rating) for r in a.ratings[:2]]
            print(
                f"{q['id']} {'OTHER' if wrong else '  -  '} {'RIGHT' if ok else '  -  '} {lead} want {want}"
            )
        else:
            compare += 1
            docs = {r["document"] for r in q["relevant"]}
            top = {p.citation.document for p in a.passages[:5]}
            each += docs <= top
            speakers = sorted({str(s.service) for s in a.sentences})
            print(f"{q['id']} {'EACH' if docs <= top else '----'} answer from {speakers}")
    print(
        f"rating questions {rating}: {other} lead with another service's rating, "
        f"{right} with the expected overall"
    )
    print(f"comparison questions {compare}: {each} with every named service in the top five")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
