"""Benchmark a cold command-line question, as whole processes, against baselines in the same run.

    .venv/bin/python benchmarks/bench_cli.py [--index DIR] [--repeats 10]

Rows (medians; the commands are run interleaved, so a busy moment hits them all alike):
- `yjs-qa ask "..."`: the shipped path, the index's ONNX export through onnxruntime, no torch.
- the same with YJS_QA_BACKEND=torch: sentence-transformers on the query path, as before.
- baseline: `python -c "import sentence_transformers"`; the goal is ask <= 0.25 x this, and <= 1.5 s.
- floor: `python -c "import yjs_qa.cli.app"`, what any command pays before it does anything.
Without --index, the shipped corpus is indexed into a temporary folder first (not timed).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "what did inspectors say about contingency planning?"


def cli() -> str:
    return str(Path(sys.executable).with_name("yjs-qa"))


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, help="an index of the shipped corpus (default: build one)")
    ap.add_argument("--repeats", type=int, default=10)
    args = ap.parse_args()

    tmp = None
    index = args.index
    if index is None:
        tmp = Path(tempfile.mkdtemp(prefix="yjs-bench-cli-"))
        index = tmp / "index"
        subprocess.run(
            [cli(), "index", "build", "--corpus", str(ROOT / "corpus"), "--index", str(index)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    env = os.environ | {"TOKENIZERS_PARALLELISM": "false"}
    ask = [cli(), "ask", QUESTION, "--index", str(index)]
    rows: dict[str, tuple[str, list[str], dict[str, str]]] = {
        "ask (ONNX, shipped)": (f'yjs-qa ask "{QUESTION}"', ask, env),
        "ask (sentence-transformers)": (
            f'YJS_QA_BACKEND=torch yjs-qa ask "{QUESTION}"',
            ask,
            env | {"YJS_QA_BACKEND": "torch"},
        ),
        "baseline: import sentence_transformers": (
            'python -c "import sentence_transformers"',
            [sys.executable, "-c", "import sentence_transformers"],
            env,
        ),
        "floor: import yjs_qa.cli.app": (
            'python -c "import yjs_qa.cli.app"',
            [sys.executable, "-c", "import yjs_qa.cli.app"],
            env,
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in rows}
    try:
        for _, cmd, e in rows.values():
            timed(cmd, e)  # warm the page cache; not counted
        for _ in range(args.repeats):
            for name, (_, cmd, e) in rows.items():
                times[name].append(timed(cmd, e))
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    med = {name: statistics.median(ts) for name, ts in times.items()}
    base = med["baseline: import sentence_transformers"]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}, no GPU; load average before: {os.getloadavg()[0]:.2f}")
    print(f"index: shipped corpus; {args.repeats} interleaved runs each, median (min-max)")
    print()
    print("| what | command | median | min-max | x baseline |")
    print("|---|---|---:|---:|---:|")
    for name, (shown, _, _) in rows.items():
        ts = times[name]
        print(
            f"| {name} | `{shown}` | {med[name]:.2f} s | {min(ts):.2f}-{max(ts):.2f} s "
            f"| {med[name] / base:.2f} |"
        )
    onnx = med["ask (ONNX, shipped)"]
    ok = onnx <= 1.5 and onnx <= 0.25 * base
    print()
    print(f"goal: ask <= 1.5 s and <= 0.25 x baseline ({0.25 * base:.2f} s): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
