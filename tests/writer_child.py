"""A writer process for the lifecycle tests: adds, updates and removes reports in a loop.

Usage: python writer_child.py INDEX_DIR WORK_DIR ROUNDS SEED
Prints "version <id> <documents...>" after every write, so a test can tell which documents each
version holds. Uses the fast HashEmbedder: these tests are about files, not embeddings.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from yjs_qa import Library
from yjs_qa.testing import HashEmbedder

SERVICES = ["Barnet", "Croydon", "Dudley", "Enfield", "Fife", "Gateshead", "Halton", "Islington"]


def report_text(service: str, edition: int) -> str:
    return (
        f"An inspection of youth justice services in {service}\n\n"
        "Domain two: Court disposals\n\n2.2. Planning\n\n"
        f"Planning in {service} (edition {edition}) involved children and their carers at each stage "
        "and contingency planning for the safety of other people was detailed.\n\n"
        f"Victims in {service} were offered restorative justice and their wishes shaped each plan, "
        f"edition {edition}.\n"
    )


def main() -> None:
    index, work, rounds, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    work.mkdir(parents=True, exist_ok=True)
    lib = Library.open(index, embedder=HashEmbedder())
    for n in range(rounds):
        service = rng.choice(SERVICES)
        path = work / f"{service.lower()}-inspection.txt"
        indexed = {d.document for d in lib.documents}
        if path.name in indexed and rng.random() < 0.4:
            lib.remove([path.name])
        else:
            path.write_text(report_text(service, n), encoding="utf-8")
            lib.add([path])
        print("version", lib.version, *sorted(d.document for d in lib.documents), flush=True)


if __name__ == "__main__":
    main()
