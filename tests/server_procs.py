"""`yjs-qa serve` in child processes on free loopback ports, for the tests that need real ones."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """One `yjs-qa serve` process (and its workers), with the fake embedder; stderr to a file."""

    def __init__(
        self, index: Path, log: Path, *args: str, token: str = "", env: dict[str, str] | None = None
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        exe = Path(sys.executable).with_name("yjs-qa")
        full_env = {**os.environ, "YJS_QA_MODEL": "hash", "YJS_QA_TOKEN": token, **(env or {})}
        self._err = log.open("w")
        self.proc = subprocess.Popen(
            [str(exe), "serve", "--index", str(index), "--port", str(self.port), *args],
            env=full_env,
            stderr=self._err,
            stdout=subprocess.DEVNULL,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        """Until /healthz answers 200 (the index open in the worker that answered)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"yjs-qa serve exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"yjs-qa serve did not become ready: {self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._err.close()


def until(check: object, timeout: float = 60, every: float = 0.1) -> object:
    """Call `check` until it returns something true; that value, or TimeoutError (bounded waits)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()  # type: ignore[operator]
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout} s")
        time.sleep(every)


def healthz_pids(url: str, n: int = 40) -> dict[int, str]:
    """Ask /healthz `n` times on fresh connections: each worker's pid and the version it answers from."""
    seen: dict[int, str] = {}
    for _ in range(n):
        body = httpx.get(url + "/healthz", timeout=10, headers={"Connection": "close"}).json()
        seen[body["pid"]] = body["version"]
    return seen
