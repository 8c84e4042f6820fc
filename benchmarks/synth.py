"""Generate synthetic inspection reports in the HMIP text layout, for benchmarks.

Each report has a title, contents page, foreword, ratings table, recommendations, the three domains
with their standards (description, rating, key-question table, narrative, Strengths / Areas for
improvement bullets), running footers with page numbers, and a service of its own. Sentences are
drawn from the shipped Southend-on-Sea report, re-combined and re-worded, so that parsing, tagging
and retrieval get realistic text rather than random words.

    python benchmarks/synth.py OUT_DIR --reports 100 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from yjs_qa.ingest.pipeline import ingest
from yjs_qa.knowledge.framework import DOMAINS, STANDARDS
from yjs_qa.knowledge.scale import RATINGS

ROOT = Path(__file__).resolve().parent.parent
SEED_REPORT = ROOT / "corpus" / "southend-on-sea-2024-hmip-inspection-report.txt"
PLACES = (
    "Ashford Vale",
    "Brackenmoor",
    "Calder Ridge",
    "Dunmore",
    "Eastwick",
    "Fallowfield Marsh",
    "Greyhaven",
    "Holloway Bridge",
    "Ironbridge Dale",
    "Kestrel Heath",
    "Larkspur",
    "Millbrook",
    "Northcote",
    "Oakhampton Sands",
    "Pennington",
    "Queensferry Moor",
    "Redwater",
    "Stonebury",
    "Thornfield",
    "Upper Wexcombe",
    "Valemouth",
    "Westmarch",
    "Yarrowdale",
    "Zennor Bay",
)
REWORDINGS = (
    ("case managers", "practitioners"),
    ("children", "young people"),
    ("inspectors", "we"),
    ("strong", "robust"),
    ("needs to", "should"),
    ("partners", "partner agencies"),
    ("consistently", "reliably"),
    ("management board", "partnership board"),
)
KEY_QUESTIONS = ("the child's desistance?", "keeping the child safe?", "keeping other people safe?")


def sentence_bank() -> dict[str, list[str]]:
    """Sentences of the seed report, by standard code (or section kind outside the standards)."""
    _, passages = ingest(SEED_REPORT)
    bank: dict[str, list[str]] = {}
    for p in passages:
        if p.section_kind.value in ("rating", "key questions", "footnote"):
            continue
        key = p.standard_code or p.section_kind.value
        for s in p.sentences:
            text = re.sub(r"^\d+\.\s+", "", p.text[s.start : s.end])
            if len(text.split()) >= 6 and "%" not in text:
                bank.setdefault(key, []).append(text.replace("Southend-on-Sea", "{place}"))
    return bank


def _reword(text: str, rng: random.Random) -> str:
    for old, new in REWORDINGS:
        if rng.random() < 0.35:
            text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return text


def _paragraph(pool: list[str], rng: random.Random, place: str, n: int) -> str:
    picked = rng.sample(pool, min(n, len(pool)))
    return " ".join(_reword(s.replace("{place}", place), rng) for s in picked)


def report(place: str, rng: random.Random, bank: dict[str, list[str]]) -> str:
    ratings = {s.code: rng.choice(RATINGS).name for s in STANDARDS}
    score = sum(next(r.points for r in RATINGS if r.name == ratings[s.code]) for s in STANDARDS[:12])
    lines = [f"An inspection of youth justice services in\n\n{place}\n\nHM Inspectorate of Probation, 2024\n"]
    lines.append("Contents\n\nForeword\t3\nRatings\t4\nRecommendations\t5\n")
    narrative = bank.get("foreword", []) + bank.get("background", [])
    lines.append("Foreword\n\n" + _paragraph(narrative, rng, place, 5) + "\n")
    table = [
        f"{place} Youth Justice Service\tScore\t{score}/36",
        f"Overall rating\t{rng.choice(RATINGS).name}",
    ]
    table += [f"{s.code}\t{s.name}\t{ratings[s.code]}" for s in STANDARDS]
    lines.append("Ratings\n\n" + "\n".join(table) + "\n")
    recs = bank.get("recommendation", []) or narrative
    lines.append(
        "Recommendations\n\n"
        f"{place} YJS management board should:\n\n"
        + "\n".join(f"- {i}. {_paragraph(recs, rng, place, 1)}" for i in range(1, 5))
        + "\n"
    )
    page = 6
    for domain in DOMAINS[:3]:
        lines.append(f"Domain {['one', 'two', 'three'][domain.number - 1]}: {domain.name}\n")
        for s in (s for s in STANDARDS if s.domain_number == domain.number):
            pool = bank.get(s.code) or narrative
            lines.append(f"{s.code}. {s.name}\n\n{_paragraph(pool, rng, place, 1)}\n\n{ratings[s.code]}\n")
            if domain.number > 1 and s.code not in ("3.4",):
                rows = "\n".join(f"{q}\t{rng.randint(30, 100)}%" for q in KEY_QUESTIONS)
                lines.append(f"Does the work focus sufficiently on:\t% 'Yes'\n{rows}\n")
            for _ in range(rng.randint(2, 4)):
                lines.append(_paragraph(pool, rng, place, rng.randint(3, 5)) + "\n")
            lines.append(
                "Strengths:\n\n" + "\n".join(f"- {_paragraph(pool, rng, place, 1)}" for _ in range(3)) + "\n"
            )
            lines.append(
                "Areas for improvement:\n\n"
                + "\n".join(f"- {_paragraph(pool, rng, place, 1)}" for _ in range(2))
                + "\n"
            )
            lines.append(f"Inspection of youth justice services in {place}\n\n{page}\n")
            page += 1
    return "\n".join(lines)


def generate(out: Path, reports: int, seed: int = 1) -> list[Path]:
    """Write `reports` synthetic reports to `out`; returns their paths."""
    rng = random.Random(seed)
    bank = sentence_bank()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(reports):
        place = f"{PLACES[i % len(PLACES)]}{'' if i < len(PLACES) else f' {i // len(PLACES) + 1}'}"
        path = out / f"synthetic-{i:05d}-{place.lower().replace(' ', '-')}.txt"
        path.write_text(report(place, rng, bank), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    paths = generate(args.out, args.reports, args.seed)
    print(f"wrote {len(paths)} reports to {args.out}")


if __name__ == "__main__":
    main()
