"""Dump what the library answers, to check that a refactor changes no behaviour.

    PYTHONPATH=TREE python eval/tools/snapshot.py TREE OUT    # builds OUT/idx and OUT/idx-added once
    python eval/tools/compare_snapshots.py BEFORE AFTER

Every ask (k=10) and every search in each mode for the gold, held-out and added questions, every
rating, recommendation and document, the eval reports, and a few CLI runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from yjs_qa import Library, Mode
from yjs_qa.evaluate import evaluate

SETS = (
    ("gold", "idx", "questions.jsonl"),
    ("heldout", "idx", "heldout.jsonl"),
    ("added", "idx-added", "added.jsonl"),
)
CLI = (
    ["ask", "what did inspectors say about contingency planning?"],
    ["ask", "How was East Sussex rated for planning?", "-k", "3"],
    ["ask", "How many volunteers does Southend have?", "--json"],
    ["ratings"],
    ["ratings", "--standard", "2.1"],
    ["recommendations"],
    ["ask", "x", "--service", "nowhere"],
    ["ask", ""],
    ["ask", "How was Hartlepool rated on its work with children?"],
)


def main(repo: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if not (out / "idx").exists():
        Library.build(repo / "corpus", out / "idx")
    if not (out / "idx-added").exists():
        shutil.copytree(out / "idx", out / "idx-added")
        Library.open(out / "idx-added").add([repo / "eval" / "added"])
    snap: dict[str, object] = {}
    for name, index, questions in SETS:
        lib = Library.open(out / index)
        report = evaluate(lib, repo / "eval" / questions).model_dump()
        report.pop("questions_file")
        snap[f"eval/{name}"] = report
        for line in (repo / "eval" / questions).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            filters = q.get("filters", {})
            snap[f"ask/{name}/{q['id']}"] = lib.ask(q["question"], k=10, **filters).model_dump(mode="json")
            for mode in Mode:
                found = lib.search(q["question"], k=10, mode=mode, **filters)
                snap[f"search/{name}/{q['id']}/{mode.value}"] = [p.model_dump(mode="json") for p in found]
    for name in ("idx", "idx-added"):
        lib = Library.open(out / name)
        snap[f"ratings/{name}"] = [r.model_dump(mode="json") for r in lib.ratings()]
        snap[f"recommendations/{name}"] = [r.model_dump(mode="json") for r in lib.recommendations()]
        snap[f"documents/{name}"] = [d.model_dump(mode="json") for d in lib.documents]
    (out / "snap.json").write_text(json.dumps(snap, indent=1, sort_keys=True, default=str), encoding="utf-8")
    runs = []
    for args in CLI:
        cmd = [str(Path(sys.executable).parent / "yjs-qa"), *args, "--index", str(out / "idx-added")]
        r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "COLUMNS": "120"})
        runs.append(f"$ {' '.join(args)}\nrc={r.returncode}\n{r.stdout}\n{r.stderr}\n")
    (out / "cli.txt").write_text("\n".join(runs), encoding="utf-8")
    print(f"{len(snap)} records in {out / 'snap.json'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
