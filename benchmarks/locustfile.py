"""Locust users for benchmarks/bench_load.py and bench_replicas.py: each asks the gold questions
(eval/questions.jsonl) in turn over GET /api/ask, with no wait between (a closed loop: N users are N
questions in flight). Not for a person to run alone, though it can be:

    YJS_QA_LOAD_OUT=/tmp/out.jsonl locust -f benchmarks/locustfile.py --headless -u 8 -r 8 -t 20s \
        --host http://127.0.0.1:8000

Bounded in time (locust's -t) and in count: the run stops after $YJS_QA_LOAD_MAX requests. Each
request measured after every user has started is written to $YJS_QA_LOAD_OUT as one JSON line:
start and end (time.time()), status, the index version the answer came from and the upstream
nginx named (X-Upstream), so the benchmark computes exact percentiles and who answered from what.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, events, task

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    json.loads(line)["question"] for line in (ROOT / "eval/questions.jsonl").read_text().splitlines()
]
MAX_REQUESTS = int(os.environ.get("YJS_QA_LOAD_MAX", "100000"))
VERSION = re.compile(rb'"index_version":"([^"]*)"')
_rows: list[dict[str, Any]] = []
_state = {"measuring": False, "count": 0}
_offsets = itertools.count()


@events.spawning_complete.add_listener
def _all_started(user_count: int, **_: Any) -> None:
    _state["measuring"] = True


@events.test_stop.add_listener
def _write(**_: Any) -> None:
    out = os.environ.get("YJS_QA_LOAD_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(row) + "\n" for row in _rows)


class Asker(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.turn = next(_offsets) * 7  # users start at different questions

    @task
    def ask(self) -> None:
        question = QUESTIONS[self.turn % len(QUESTIONS)]
        self.turn += 1
        start = time.time()
        with self.client.get(
            "/api/ask", params={"question": question}, name="/api/ask", catch_response=True
        ) as response:
            end = time.time()
            content = response.content or b""
            found = VERSION.search(content[-400:]) or VERSION.search(content)
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            if _state["measuring"]:
                _rows.append(
                    {
                        "start": start,
                        "end": end,
                        "status": response.status_code,
                        "version": found.group(1).decode() if found else None,
                        "upstream": response.headers.get("x-upstream"),
                    }
                )
                _state["count"] += 1
                if _state["count"] >= MAX_REQUESTS and self.environment.runner is not None:
                    self.environment.runner.quit()
