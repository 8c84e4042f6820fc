"""What bench_load.py, bench_replicas.py and bench_http.py share: `yjs-qa serve` and nginx in child
processes on loopback ports, a headless locust run (benchmarks/locustfile.py), the in-process
baseline, the report uploaded mid-run, and percentiles. Loopback only; every run is bounded in time
and in count."""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from yjs_qa import Library

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = "bench-token"
QUESTIONS = [
    json.loads(line)["question"] for line in (ROOT / "eval/questions.jsonl").read_text().splitlines()
]


def barnet_report(work: Path) -> Path:
    """A new report to upload mid-run: the corpus's Southend report renamed to Barnet, written under
    `work`/incoming."""
    report = work / "incoming" / "barnet-2025-inspection-report.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    source = (ROOT / "corpus/southend-on-sea-2024-hmip-inspection-report.txt").read_text(encoding="utf-8")
    report.write_text(
        source.replace("Southend-on-Sea", "Barnet").replace("Southend", "Barnet"), encoding="utf-8"
    )
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_average() -> float:
    return os.getloadavg()[0]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass
class Result:
    """One phase: latencies (ms) of the requests measured, errors, and the measured window (s)."""

    name: str
    clients: int
    latencies: list[float]
    errors: int
    seconds: float
    load_before: float
    load_after: float
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class Server:
    """`yjs-qa serve` in its own process group (its workers too), on a free loopback port."""

    def __init__(
        self, index: Path, *args: str, log: Path | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "YJS_QA_TOKEN": TOKEN, "TOKENIZERS_PARALLELISM": "false", **(env or {})}
        self.log = log or Path(tempfile.mkstemp(prefix="bench-serve-", suffix=".log")[1])
        self._err = self.log.open("w")
        cmd = [str(BIN / "yjs-qa"), "serve", "--index", str(index), "--port", str(self.port), *args]
        self.proc = subprocess.Popen(cmd, env=env, stderr=self._err, start_new_session=True)

    def wait(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"yjs-qa serve exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit(f"yjs-qa serve did not start: {self.log.read_text()[-2000:]}")
        for q in QUESTIONS[:20]:  # warm every worker: each loads its model on its first question
            for _ in range(2):
                httpx.get(
                    self.url + "/api/ask", params={"question": q}, timeout=60, headers={"Connection": "close"}
                )

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)  # the supervisor and its workers: this run's own group
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(10)
        self._err.close()


NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream yjs_qa {{
        {servers}
        # Idle connections kept to the replicas: more than the 32 clients of the largest phase.
        keepalive 64;
        # Below uvicorn's 5 s keep-alive: nginx must not reuse a connection the replica is closing.
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 300m;
        location / {{
            proxy_pass http://yjs_qa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_next_upstream error timeout http_502 http_503;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


class Nginx:
    """Debian's nginx as a round-robin load balancer over `upstreams`, on a free loopback port."""

    def __init__(self, upstreams: list[str]) -> None:
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(exe).exists():
            raise SystemExit("nginx is not installed: apt-get install nginx-light (Debian's package)")
        self.dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.dir.chmod(0o755)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.dir / sub).mkdir(mode=0o777)
            (self.dir / sub).chmod(0o777)  # nginx's workers run as nobody when started as root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        servers = "\n        ".join(f"server {u.removeprefix('http://')} max_fails=0;" for u in upstreams)
        conf = self.dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=self.dir, servers=servers, port=self.port))
        self.proc = subprocess.Popen(
            [exe, "-c", str(conf), "-p", str(self.dir), "-g", "daemon off;"], start_new_session=True
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(self.url + "/healthz", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise SystemExit(f"nginx did not start: {(self.dir / 'error.log').read_text()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            self.proc.wait(20)
        shutil.rmtree(self.dir, ignore_errors=True)


class Locust:
    """A headless locust run in the background: `clients` users until stop() (or `max_seconds`, or
    `max_requests` requests measured), each request timed by the locustfile."""

    def __init__(self, url: str, clients: int, max_seconds: float, max_requests: int = 20000) -> None:
        self.clients = clients
        self.out = Path(tempfile.mkstemp(prefix="bench-locust-", suffix=".jsonl")[1])
        env = {**os.environ, "YJS_QA_LOAD_OUT": str(self.out), "YJS_QA_LOAD_MAX": str(max_requests)}
        self.load_before = load_average()
        cmd = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks/locustfile.py"),
            "--headless",
            "--users",
            str(clients),
            "--spawn-rate",
            str(clients),
            "--run-time",
            f"{max_seconds:.0f}s",
            "--host",
            url,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
            "--exit-code-on-error",
            "0",
        ]
        self.max_seconds = max_seconds
        self.proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )

    def stop(self) -> None:
        """Ask locust to finish now (SIGTERM: it stops its users and writes what it measured)."""
        if self.proc.poll() is None:
            self.proc.terminate()

    def result(self, name: str) -> Result:
        try:
            _, err = self.proc.communicate(timeout=self.max_seconds + 120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise SystemExit("locust did not stop") from None
        text = self.out.read_text()
        self.out.unlink()
        if not text and self.proc.returncode != 0:
            raise SystemExit(f"locust failed ({self.proc.returncode}): {err[-2000:]}")
        rows = [json.loads(line) for line in text.splitlines()]
        return _result(name, self.clients, rows, self.load_before)


def locust(url: str, clients: int, seconds: float, name: str, max_requests: int = 20000) -> Result:
    """A headless locust run: `clients` users for about `seconds` after all have started (they start
    within a second or two), at most `max_requests` requests."""
    return Locust(url, clients, seconds + 2, max_requests).result(name)


def _result(name: str, clients: int, rows: list[dict[str, Any]], before: float) -> Result:
    if not rows:
        return Result(name, clients, [], 0, 0.0, before, load_average(), rows)
    start = min(r["start"] for r in rows)
    end = max(r["end"] for r in rows)
    ok = [(r["end"] - r["start"]) * 1000 for r in rows if r["status"] == 200]
    errors = sum(1 for r in rows if r["status"] != 200)
    return Result(name, clients, ok, errors, end - start, before, load_average(), rows)


def in_process(index: Path, clients: int, seconds: float, name: str, max_requests: int = 20000) -> Result:
    """The baseline: `clients` threads, each with its own Library (sharing one embedder, as the
    server's readers do), asking the same questions in a closed loop, in this process."""
    first = Library.open(index)
    for q in QUESTIONS[:20]:
        first.ask(q)
    libs = [first] + [Library.open(index, embedder=first.embedder) for _ in range(clients - 1)]
    rows: list[dict[str, Any]] = []
    lock = threading.Lock()
    stop = time.time() + seconds

    def work(n: int) -> None:
        lib, turn = libs[n], n * 7
        while time.time() < stop and len(rows) < max_requests:
            start = time.time()
            status = 200
            try:
                lib.ask(QUESTIONS[turn % len(QUESTIONS)])
            except Exception:
                status = 500
            with lock:
                rows.append({"start": start, "end": time.time(), "status": status})
            turn += 1

    before = load_average()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return _result(name, clients, rows, before)
