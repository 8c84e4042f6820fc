"""Load: 1, 8 and 32 concurrent clients (locust, headless) against `yjs-qa serve` with 1 and 2
worker processes, and through nginx to 2 replicas, each beside `Library.ask` in process in the same
run. Not a timed test: it prints a Markdown table and how it was run.

    .venv/bin/python benchmarks/bench_load.py [--index /tmp/srv-idx] [--seconds 20] [--clients 1,8,32]

Needs an index built with the real model (`yjs-qa index build --index /tmp/srv-idx`), the dev extra
(locust) and, for the nginx rows, Debian's nginx (`apt-get install nginx-light`; --no-nginx skips
them). Everything listens on 127.0.0.1 only. All servers start first, and are warmed; then for
each number of clients, one after another so that they do not share the CPU:
1. in process: that many threads, each with its own Library (sharing one embedder, as the server's
   readers do), asking the gold questions (eval/questions.jsonl) in a closed loop;
2. over HTTP, `yjs-qa serve` (1 worker): locust users (FastHttpUser, no wait: each user has one
   question in flight) for --seconds after all have started, at most 20,000 requests;
3. the same against `YJS_QA_THREADS=1 yjs-qa serve` (1 worker, onnxruntime on one thread a question:
   what `--workers 2` gives each of its workers), then `yjs-qa serve --workers 2`;
4. the same through nginx (round robin, keep-alive to the upstreams) to two `yjs-qa serve`
   processes (1 worker each, YJS_QA_THREADS=1: two processes on 2 cores) on two ports over the same
   index folder.
Latency is each request's, measured by the locustfile (client side, so it includes locust itself,
which runs on the same 2 cores). Errors are non-200 answers or failed requests (goal 0).
Goals (issue #22): 8 clients, 1 worker: p50 <= 1.5 x in process; 32 clients: 2 workers' throughput
>= 1.6 x 1 worker's.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit import Nginx, Result, Server, in_process, load_average, locust, pct

from yjs_qa import Library


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=Path(os.environ.get("YJS_QA_INDEX", "/tmp/srv-idx")))
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--no-nginx", action="store_true")
    args = ap.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    started = datetime.now(UTC)
    load_start = load_average()

    one = Server(args.index)
    one_thread = Server(args.index, env={"YJS_QA_THREADS": "1"})
    two = Server(args.index, "--workers", "2")
    # Two replicas on one 2-core machine: one onnxruntime thread each, as --workers 2 gives its workers.
    one_core = {"YJS_QA_THREADS": "1"}
    replicas = [] if args.no_nginx else [Server(args.index, env=one_core), Server(args.index, env=one_core)]
    servers = [one, one_thread, two, *replicas]
    nginx: Nginx | None = None
    results: list[Result] = []
    try:
        for s in servers:
            s.wait()
        if replicas:
            nginx = Nginx([r.url for r in replicas])
        for clients in counts:
            print(f"# {clients} clients ...", file=sys.stderr, flush=True)
            results.append(in_process(args.index, clients, args.seconds, "in process"))
            results.append(locust(one.url, clients, args.seconds, "HTTP, 1 worker"))
            results.append(locust(one_thread.url, clients, args.seconds, "HTTP, 1 worker, 1 thread"))
            results.append(locust(two.url, clients, args.seconds, "HTTP, 2 workers"))
            if nginx is not None:
                results.append(locust(nginx.url, clients, args.seconds, "nginx, 2 replicas"))
    finally:
        if nginx is not None:
            nginx.stop()
        for s in servers:
            s.stop()

    status = Library.open(args.index).status()
    print(
        f"# bench_load: {started:%Y-%m-%d %H:%M} UTC; index {args.index} ({len(status.documents)} documents, "
        f"{status.passages} passages, model {status.model}, sentence vectors {status.sentence_vectors}); "
        f"{args.seconds:.0f} s a phase after all clients started, eval/questions.jsonl cycled"
    )
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load_start:.2f} at the start, {load_average():.2f} at the end; loopback only; locust "
        "FastHttpUser, no wait between requests; '1 thread': YJS_QA_THREADS=1\n"
    )
    print(
        "| run | clients | errors | p50 ms | p95 ms | p99 ms | questions/s | p50 / in process "
        "| questions/s / in process | questions/s / 1 worker | load average before-after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    base = {r.clients: r for r in results if r.name == "in process"}
    single = {r.clients: r for r in results if r.name == "HTTP, 1 worker"}
    for r in results:
        b, w = base[r.clients], single.get(r.clients)
        http = r.name != "in process"
        print(
            f"| {r.name} | {r.clients} | {r.errors} | {r.p50:.1f} | {pct(r.latencies, 0.95):.1f} "
            f"| {pct(r.latencies, 0.99):.1f} | {r.throughput:.1f} "
            f"| {f'{r.p50 / b.p50:.2f}' if http else '1.00'} | {r.throughput / b.throughput:.2f} "
            f"| {f'{r.throughput / w.throughput:.2f}' if http and w else ''} "
            f"| {r.load_before:.2f}-{r.load_after:.2f} |"
        )
    print()
    for clients in counts:
        b, w = base[clients], single[clients]
        two_w = next(r for r in results if r.name == "HTTP, 2 workers" and r.clients == clients)
        print(
            f"- {clients} clients: 1 worker p50 {w.p50 / b.p50:.2f} x in process; "
            f"2 workers {two_w.throughput / w.throughput:.2f} x 1 worker's throughput"
        )


if __name__ == "__main__":
    main()
