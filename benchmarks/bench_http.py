"""HTTP load: 8 concurrent clients ask 400 questions over real uvicorn while an add runs, against
Library.ask in process, in the same run. Not a timed test: it prints a table and how it was run.

    .venv/bin/python benchmarks/bench_http.py [--index /tmp/srv-idx] [--clients 8] [--questions 400]

The index is copied to a temporary folder first (the add writes to the copy). Phases, one after
another so that they do not share the CPU:
1. in process, one thread: Library.ask on each question in turn (the floor);
2. in process, --clients threads, each with its own Library (sharing one embedder), the same
   questions: what the machine does at that concurrency without HTTP;
3. the same while Library.add runs in another thread of the process (as the server runs it), on a
   second copy of the index: one report (the Southend-on-Sea inspection report with its service
   renamed, so it is new: ~190 passages to embed, after loading sentence-transformers);
4. over HTTP, `yjs-qa serve --allow-uploads` in its own process on 127.0.0.1: one client, then
   --clients client threads (httpx, keep-alive), no add;
5. the same while a POST /api/documents adds the same report; the questions start as it starts.
Rows 3 and 5 count how many questions were sent before the add finished.
Questions are the gold questions in eval/questions.jsonl, cycled. Errors are non-200 answers or
failed requests (goal 0). The goal: p50 over HTTP <= 1.5 x in process.
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
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from yjs_qa import Library

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit import QUESTIONS, TOKEN, barnet_report, free_port, pct


def questions(n: int) -> list[str]:
    return [QUESTIONS[i % len(QUESTIONS)] for i in range(n)]


def run_concurrent(
    qs: list[str], clients: int, one: Callable[[int, str], None]
) -> tuple[list[float], int, float]:
    """Latencies (ms) of each question, the error count and the wall time, `clients` at a time."""
    latencies: list[float] = [0.0] * len(qs)
    errors = 0
    lock = threading.Lock()

    def work(i: int) -> None:
        nonlocal errors
        t = time.perf_counter()
        try:
            one(i, qs[i])
        except Exception as exc:  # counted and reported
            with lock:
                errors += 1
            print(f"  error on question {i}: {exc}", file=sys.stderr)
        latencies[i] = (time.perf_counter() - t) * 1000

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(work, range(len(qs))))
    return latencies, errors, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=Path(os.environ.get("YJS_QA_INDEX", "/tmp/srv-idx")))
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--questions", type=int, default=400)
    args = ap.parse_args()
    qs = questions(args.questions)
    work = Path(tempfile.mkdtemp(prefix="bench-http-"))
    index = work / "index"
    shutil.copytree(args.index, index)
    report = barnet_report(work)
    rows: list[tuple[str, list[float], int, float, str]] = []

    # 1 and 2: in process.
    lib = Library.open(index)
    for q in qs[:20]:
        lib.ask(q)  # warm: model loaded, pages cached
    lat, err, wall = run_concurrent(qs, 1, lambda i, q: lib.ask(q) and None)
    rows.append(("in process, 1 thread", lat, err, wall, ""))
    libs = [lib] + [Library.open(index, embedder=lib.embedder) for _ in range(args.clients - 1)]
    local = threading.local()
    pool: list[Library] = list(libs)
    pool_lock = threading.Lock()

    def ask_local(i: int, q: str) -> None:
        if not hasattr(local, "lib"):
            with pool_lock:
                local.lib = pool.pop()
        local.lib.ask(q)

    lat, err, wall = run_concurrent(qs, args.clients, ask_local)
    rows.append((f"in process, {args.clients} threads", lat, err, wall, ""))

    # 3: in process, the same while Library.add runs in a thread of this process (as in the server),
    # on a second copy of the index that the question threads follow.
    index_b = work / "index-b"
    shutil.copytree(args.index, index_b)
    pool = [Library.open(index_b, embedder=lib.embedder) for _ in range(args.clients)]
    local = threading.local()
    writer = Library.open(index_b)
    timing: dict[str, float] = {}

    def add_in_process() -> None:
        t = time.perf_counter()
        r = writer.add([report])
        timing.update(seconds=time.perf_counter() - t, done_at=time.perf_counter(), passages=len(r.added))

    adder = threading.Thread(target=add_in_process)
    adder.start()
    sent: list[float] = [0.0] * len(qs)

    def ask_local_during(i: int, q: str) -> None:
        sent[i] = time.perf_counter()
        ask_local(i, q)

    lat, err, wall = run_concurrent(qs, args.clients, ask_local_during)
    adder.join()
    during = sum(1 for t in sent if t < timing["done_at"])
    rows.append(
        (
            f"in process, {args.clients} threads, add running",
            lat,
            err,
            wall,
            f"{during}/{len(qs)} asked before the add finished (add {timing['seconds']:.1f} s)",
        )
    )

    # 4 and 5: over HTTP, the server in its own process.
    port = free_port()
    env = {**os.environ, "YJS_QA_TOKEN": TOKEN, "TOKENIZERS_PARALLELISM": "false"}
    exe = Path(sys.executable).with_name("yjs-qa")
    server = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--index",
            str(index),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--allow-uploads",
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/api/status", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"the server did not start: {server.stderr.read() if server.stderr else ''}")
            time.sleep(0.2)
        clients = [httpx.Client(base_url=base, timeout=120) for _ in range(args.clients)]
        local_client = threading.local()
        client_lock = threading.Lock()

        def ask_http(i: int, q: str) -> None:
            if not hasattr(local_client, "c"):
                with client_lock:
                    local_client.c = clients.pop()
            r = local_client.c.get("/api/ask", params={"question": q})
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code}: {r.text[:200]}")

        for q in qs[:20]:
            httpx.get(base + "/api/ask", params={"question": q}, timeout=60)  # warm
        lat, err, wall = run_concurrent(qs, 1, ask_http)
        rows.append(("HTTP, 1 client", lat, err, wall, ""))
        for c in clients:
            c.close()
        clients = [httpx.Client(base_url=base, timeout=120) for _ in range(args.clients)]
        local_client = threading.local()
        lat, err, wall = run_concurrent(qs, args.clients, ask_http)
        rows.append((f"HTTP, {args.clients} clients", lat, err, wall, ""))
        for c in clients:
            c.close()
        clients = [httpx.Client(base_url=base, timeout=120) for _ in range(args.clients)]
        local_client = threading.local()

        add_result: dict[str, object] = {}

        def add() -> None:
            t = time.perf_counter()
            with report.open("rb") as f:
                r = httpx.post(
                    base + "/api/documents",
                    files=[("files", (report.name, f, "text/plain"))],
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    timeout=600,
                )
            add_result.update(status=r.status_code, body=r.json(), seconds=time.perf_counter() - t)
            add_result["done_at"] = time.perf_counter()

        adder = threading.Thread(target=add)
        adder.start()
        while not httpx.get(base + "/api/progress").json()["running"]:
            time.sleep(0.01)
        sent_at: list[float] = [0.0] * len(qs)

        def ask_during(i: int, q: str) -> None:
            sent_at[i] = time.perf_counter()
            ask_http(i, q)

        lat, err, wall = run_concurrent(qs, args.clients, ask_during)
        adder.join()
        done_at = float(add_result.get("done_at", 0.0))  # type: ignore[arg-type]
        during = sum(1 for t in sent_at if t < done_at)
        body = add_result.get("body") or {}
        files = body.get("files", []) if isinstance(body, dict) else []
        added = ", ".join(f"{f['status']} {f['passages']} passages" for f in files)
        seconds = float(add_result.get("seconds", 0.0))  # type: ignore[arg-type]
        note = f"{during}/{len(qs)} sent before the add finished (add {seconds:.1f} s: {added})"
        if add_result.get("status") != 200:
            err += 1
            note += f"; add failed: HTTP {add_result.get('status')}"
        rows.append((f"HTTP, {args.clients} clients, add running", lat, err, wall, note))
        for c in clients:
            c.close()
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)

    status = lib.status()
    print(
        f"# bench_http: {len(qs)} questions (eval/questions.jsonl cycled), {args.clients} clients; index "
        f"{args.index} ({len(status.documents)} documents, {status.passages} passages, model {status.model}, "
        f"sentence vectors {status.sentence_vectors})"
    )
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}; server: `yjs-qa serve --allow-uploads` in its own process, "
        "uvicorn on 127.0.0.1; clients: httpx, keep-alive, in this process\n"
    )
    floor = statistics.median(rows[0][1])
    # Each HTTP row against the in-process row under the same load (same concurrency, add or not).
    same = {
        name.replace("HTTP", "in process").replace("clients", "threads"): statistics.median(lat)
        for name, lat, *_ in rows
        if name.startswith("in process")
    }
    print(
        "| run | errors | p50 ms | p95 ms | questions/s | p50 / in process, 1 thread "
        "| p50 / in process, same load | note |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, lat, err, wall, note in rows:
        p50 = statistics.median(lat)
        key = name.replace("HTTP", "in process").replace("clients", "threads").replace("1 client", "1 thread")
        ratio_same = f"{p50 / same[key]:.2f}" if name.startswith("HTTP") and key in same else ""
        print(
            f"| {name} | {err} | {p50:.1f} | {pct(lat, 0.95):.1f} | {len(lat) / wall:.0f} "
            f"| {p50 / floor:.2f} | {ratio_same} | {note} |"
        )


if __name__ == "__main__":
    main()
