"""Compare two snapshots (snapshot.py): which records differ, ignoring version ids and paths."""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path
from typing import Any

VOLATILE = ("index_version", "source_path")


def clean(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items() if k not in VOLATILE}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x


def cli_text(folder: Path) -> str:
    text = (folder / "cli.txt").read_text(encoding="utf-8")
    text = re.sub(r"(version|built) \S+", r"\1 X", text)
    return re.sub(r'"index_version": "[^"]*"', "", text).replace(str(folder), "OUT")


def main(before: Path, after: Path) -> None:
    a = clean(json.loads((before / "snap.json").read_text(encoding="utf-8")))
    b = clean(json.loads((after / "snap.json").read_text(encoding="utf-8")))
    keys = sorted(set(a) | set(b))
    differ = [k for k in keys if a.get(k) != b.get(k)]
    print(f"{len(keys)} records, {len(differ)} differ")
    for k in differ[:20]:
        before_text, after_text = json.dumps(a.get(k), sort_keys=True), json.dumps(b.get(k), sort_keys=True)
        at = next((i for i, (x, y) in enumerate(zip(before_text, after_text, strict=False)) if x != y), 0)
        print(f"DIFF {k}\n  before: {before_text[max(0, at - 150) : at + 150]}")
        print(f"  after:  {after_text[max(0, at - 150) : at + 150]}")
    ca, cb = cli_text(before), cli_text(after)
    print("CLI identical" if ca == cb else "CLI differs:")
    for line in list(difflib.unified_diff(ca.splitlines(), cb.splitlines(), lineterm="", n=1))[:60]:
        print(line)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
