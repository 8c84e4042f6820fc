"""Replicas behind a real load balancer, with a report added mid-run. Not a timed test: it prints a
table and how it was run.

    .venv/bin/python benchmarks/bench_replicas.py [--index /tmp/srv-idx] [--clients 8] [--add-after 10]
                                                  [--after-switch 20] [--max-seconds 480]

Two `yjs-qa serve --allow-uploads` processes (one worker each, one token, YJS_QA_THREADS=1 since
they share 2 cores) on two loopback ports over one copy of the index folder, behind Debian's nginx
(round robin, keep-alive to the upstreams; it adds an X-Upstream header naming the replica that
answered). Locust users (benchmarks/locustfile.py) ask the gold questions through nginx until
--after-switch seconds after the add is published (at most --max-seconds); --add-after seconds in,
one new report (the Southend-on-Sea inspection report renamed to Barnet, ~190 passages) is POSTed
to replica A's own upload API. Every answer names its index version, so the run says, for each
replica, when after the atomic switch (CURRENT's modification time) it answered from the new
version: the first question answered from it, and the last one still answered from the old
version, by when each was asked. Errors are non-200 answers or failed requests, through the whole
run (goal 0). Goal (issue #22): both replicas answer from the new version within 2 s of the switch.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit import TOKEN, Locust, Nginx, Result, Server, barnet_report, load_average, pct


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=Path(os.environ.get("YJS_QA_INDEX", "/tmp/srv-idx")))
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--add-after", type=float, default=10.0)
    ap.add_argument("--after-switch", type=float, default=20.0)
    ap.add_argument("--max-seconds", type=float, default=480.0)
    args = ap.parse_args()
    started = datetime.now(UTC)
    load_start = load_average()
    work = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    index = work / "index"
    shutil.copytree(args.index, index)
    report = barnet_report(work)

    # Two replicas on one 2-core machine: one onnxruntime thread each (YJS_QA_THREADS, docs/deploy.md).
    a = Server(index, "--allow-uploads", env={"YJS_QA_THREADS": "1"})
    b = Server(index, "--allow-uploads", env={"YJS_QA_THREADS": "1"})
    nginx: Nginx | None = None
    add: dict[str, Any] = {}
    try:
        a.wait()
        b.wait()
        old_version = httpx.get(a.url + "/healthz").json()["version"]
        nginx = Nginx([a.url, b.url])
        names = {a.url.removeprefix("http://"): "A (took the upload)", b.url.removeprefix("http://"): "B"}

        def add_report() -> None:
            time.sleep(args.add_after)
            add["start"] = time.time()
            with report.open("rb") as f:
                r = httpx.post(
                    a.url + "/api/documents",
                    files=[("files", (report.name, f, "text/plain"))],
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    timeout=600,
                )
            add.update(end=time.time(), status=r.status_code, body=r.json())
            add["switch"] = (index / "CURRENT").stat().st_mtime

        run = Locust(nginx.url, args.clients, args.max_seconds, max_requests=200000)
        adder = threading.Thread(target=add_report)
        adder.start()
        adder.join(args.max_seconds)
        time.sleep(args.after_switch)
        run.stop()
        result = run.result("nginx, 2 replicas")
    finally:
        if nginx is not None:
            nginx.stop()
        a.stop()
        b.stop()
    shutil.rmtree(work, ignore_errors=True)

    if add.get("status") != 200:
        raise SystemExit(f"the add failed: {add}")
    new_version = add["body"]["index_version"]
    files = add["body"]["files"]
    switch = add["switch"]
    print(
        f"# bench_replicas: {started:%Y-%m-%d %H:%M} UTC; {args.clients} locust users through nginx, "
        f"until {args.after_switch:.0f} s after the switch; report POSTed to replica A at "
        f"+{args.add_after:.0f} s: "
        + ", ".join(f"{f['status']} {f['passages']} passages" for f in files)
        + f" in {add['end'] - add['start']:.1f} s (switch at +{switch - add['start']:.1f} s after it began)"
    )
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load_start:.2f} at the start, {load_average():.2f} at the end; loopback only\n"
    )
    _phases(result, add["start"], switch)
    print()
    print(
        "| replica | answers | from the old version | from the new "
        "| first new, asked at (s after the switch) | last old, asked at (s after the switch) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for upstream, label in names.items():
        rows = [r for r in result.rows if r["upstream"] == upstream and r["status"] == 200]
        old = [r for r in rows if r["version"] == old_version]
        new = [r for r in rows if r["version"] == new_version]
        first_new = min((r["start"] for r in new), default=float("nan")) - switch
        last_old = max((r["start"] for r in old), default=float("nan")) - switch
        print(f"| {label} | {len(rows)} | {len(old)} | {len(new)} | {first_new:+.2f} | {last_old:+.2f} |")
    other = [r for r in result.rows if r["version"] not in (old_version, new_version) and r["status"] == 200]
    print(
        f"\nErrors: {result.errors} of {len(result.rows)} requests; "
        f"answers from any other version: {len(other)}."
    )


def _phases(result: Result, add_start: float, switch: float) -> None:
    print("| phase | requests | errors | p50 ms | p95 ms | p99 ms | questions/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    spans = {
        "before the add": (float("-inf"), add_start),
        "while the add embeds (on replica A)": (add_start, switch),
        "after the switch": (switch, float("inf")),
    }
    first = min(r["start"] for r in result.rows)
    last = max(r["end"] for r in result.rows)
    for name, (lo, hi) in spans.items():
        rows = [r for r in result.rows if lo <= r["start"] < hi]
        lat = [(r["end"] - r["start"]) * 1000 for r in rows if r["status"] == 200]
        seconds = min(hi, last) - max(lo, first)
        errors = sum(1 for r in rows if r["status"] != 200)
        p50 = pct(lat, 0.5)
        print(
            f"| {name} | {len(rows)} | {errors} | {p50:.1f} | {pct(lat, 0.95):.1f} | {pct(lat, 0.99):.1f} "
            f"| {len(rows) / seconds if seconds > 0 else 0:.1f} |"
        )


if __name__ == "__main__":
    main()
