"""What tests share besides fixtures: the corpus's files, guards' exceptions, small file helpers.

A plain module (on pytest's pythonpath), so that every test imports the same objects: conftest.py is
loaded by pytest under its own name, and importing it again would make a second copy of its classes.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def version_dir(index: Path) -> Path:
    """The live version's folder of the index at `index`."""
    return index / "versions" / (index / "CURRENT").read_text(encoding="utf-8").strip()


def incoming_report(tmp_path: Path, text: str, name: str = "barnet-2025-inspection.txt") -> Path:
    """A report written outside the corpus, as a user would add one."""
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


REPORT = "southend-on-sea-2024-hmip-inspection-report.txt"
PRESS = "southend-on-sea-2024-hmip-press-release.txt"
COUNCIL = "east-sussex-2024-cabinet-paper.txt"
ESSEX = "essex-2018-cypnow-news.txt"
KENT = "kent-kentonline-news.txt"


class NetworkUsed(BaseException):
    """Raised when code under test opens a network connection. A BaseException, so no `except
    Exception` in the library (the ONNX export's, which logs and goes on) can swallow it."""


class RealModelLoaded(BaseException):
    """Raised when a test not marked e2e loads the real model. A BaseException, so the library's
    `except Exception` (which turns load failures into ModelLoadError) cannot swallow it."""


def snapshot(index: Path) -> dict[str, tuple[int, int]]:
    """Every file under `index` with its size and modification time: what a write would change."""
    out: dict[str, tuple[int, int]] = {}
    for folder, _, names in os.walk(index):
        for name in names:
            st = os.stat(os.path.join(folder, name))
            out[os.path.relpath(os.path.join(folder, name), index)] = (st.st_size, st.st_mtime_ns)
    return out


# A 2025-framework report: its own standards, numbered 2.1 and 3.1 as the old framework's are.
NEW_FRAMEWORK_REPORT = """\
An inspection of youth justice work with children and victims in Hartlepool

HM Inspectorate of Probation, April 2025

Ratings

Hartlepool Youth Justice Service\tFieldwork started January 2025\t
Overall rating\tGood\t
1.\tOrganisational delivery\t\t
1.1\tLeadership\tGood\t
1.2\tWorkforce\tOutstanding\t
2.\tWork with children\t\t
2.1\tWork with children\tRequires improvement\t
3.\tWork with victims\t\t
3.1\tWork with victims\tGood\t

Domain three: Work with victims

3.1. Work with victims

Victim workers contacted every victim within ten working days of the case being allocated.
"""

# A 2024 press release on a service the corpus lacks, naming its earlier inspection: the `wigan`
# fixture adds it to a copy of the fast index (policy and by-time rating tests).
WIGAN_RELEASE = (
    "Wigan Youth Justice Service rated 'Good'\n\n"
    "Published 3 March 2024. Wigan Youth Justice Service has been rated 'Good' by HM Inspectorate of "
    "Probation.\n\n"
    "Inspectors found that work with children on court orders was well planned, and the service "
    "worked well with the courts and with the police.\n\n"
    "The management team meets every month with its partners in health and education. Its last "
    "inspection before this one was in 2017."
)
