"""An independent API fuzzer, schemathesis, against every operation of the OpenAPI schema.

`st run` (schemathesis 4's command line) drives `yjs-qa serve --workers 2 --allow-uploads` on a
loopback port, over a copy of the fast index (fake embedder), with every check it has: no 5xx; each
status documented; each body, header and content type as the schema says; valid requests accepted
(filters list the index's values, so a value the schema offers is one the API takes); invalid ones
refused with a 4xx; `Allow` naming every method of a path. Its examples, coverage and fuzzing phases
run with a fixed seed and a bounded number of cases per operation, so a run is repeatable: set
YJS_QA_FUZZ_SEED (and YJS_QA_FUZZ_EXAMPLES) to explore further. What it found, and what was fixed:
CHANGELOG.md (issue #22).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the [server] extra is not installed")
pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[dev]')")

from server_procs import Served

# A real server in child processes and ~900 requests: with the slow tests, out of `-m "not e2e"`.
pytestmark = pytest.mark.e2e

TOKEN = "fuzz-token"
# Cases per operation: 13 operations x 40 took ~12 s of fuzzing here (about 900 requests in all, with
# the coverage phase's boundary cases); the first run sent ~70.
EXAMPLES = int(os.environ.get("YJS_QA_FUZZ_EXAMPLES", "40"))
SEED = os.environ.get("YJS_QA_FUZZ_SEED", "22")  # any fixed seed makes runs repeatable; 22 for the issue


def test_every_operation_keeps_its_contract(fast_index: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(fast_index, index)  # uploads write new versions: a copy
    served = Served(index, tmp_path / "serve.log", "--allow-uploads", "--workers", "2", token=TOKEN)
    try:
        served.wait_ready()
        st = Path(sys.executable).with_name("st")
        run = subprocess.run(
            [
                str(st),
                "run",
                f"{served.url}/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                str(EXAMPLES),
                "--seed",
                SEED,
                "--generation-database",
                "none",
                "--workers",
                "1",
                "--header",
                f"Authorization: Bearer {TOKEN}",
                "--request-timeout",
                "60",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=tmp_path,
        )
    finally:
        served.stop()
    report = run.stdout[-20000:] + run.stderr[-5000:]
    print(report)
    assert run.returncode == 0, f"schemathesis found contract failures:\n{report}"
    assert "14 selected / 14 total" in run.stdout  # every operation of the schema was tested
    assert "No issues found" in run.stdout
