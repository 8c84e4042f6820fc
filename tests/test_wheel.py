"""The package installs anywhere: the wheel `python -m build` makes, installed into a fresh venv
outside the repository, runs from an empty folder (e2e: it installs torch and the dependencies,
from the pip cache or the index, and embeds with the real model). Also the message an empty folder
gets, which needs no install."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import CORPUS, KENT, PRESS, ROOT

# The CPU build of torch on these machines; installed first, as scripts/setup.sh does, so that the
# wheel's torch requirement is already met and pip does not fetch a CUDA build.
TORCH = "torch==2.13.0"
SCRIPT = Path(sys.executable).with_name("yjs-qa")


def clean_env(bin_dir: Path | None = None) -> dict[str, str]:
    """The environment of a user's shell: no YJS_QA_* settings, no PYTHONPATH, the venv first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YJS_QA_", "PYTHON", "VIRTUAL_ENV"))}
    if bin_dir is not None:
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def sh(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_ask_in_an_empty_folder_says_what_to_do(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SCRIPT), "ask", "what did inspectors say about planning?"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "no index at index and no corpus folder at corpus" in done.stderr
    assert "yjs-qa index build --corpus FOLDER --index index" in done.stderr
    assert not (tmp_path / "index").exists()


@pytest.mark.e2e
def test_wheel_installs_and_runs_from_an_empty_folder(tmp_path: Path) -> None:
    pytest.importorskip("build")
    mcp = pytest.importorskip("mcp")
    timings: dict[str, float] = {}
    env = clean_env()

    def timed(name: str, args: list[str | Path], cwd: Path, run_env: dict[str, str] = env) -> str:
        start = time.perf_counter()
        out = sh(args, cwd, run_env)
        timings[name] = round(time.perf_counter() - start, 1)
        return out

    # Build from a copy of the sources, so the checkout gets no build/ or egg-info folder.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src)
    shutil.copytree(ROOT / "yjs_qa", src / "yjs_qa", ignore=shutil.ignore_patterns("__pycache__"))
    timed(
        "build the wheel", [sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", src], src
    )
    (wheel,) = (tmp_path / "dist").glob("yjs_qa-*.whl")

    venv = tmp_path / "venv"
    py = venv / "bin" / "python"
    timed("make the venv", [sys.executable, "-m", "venv", venv], tmp_path)
    timed("install torch (CPU)", [py, "-m", "pip", "install", "--quiet", TORCH], tmp_path)
    timed("install the wheel [mcp]", [py, "-m", "pip", "install", "--quiet", f"{wheel}[mcp]"], tmp_path)
    user = clean_env(venv / "bin")
    where = sh(
        [py, "-c", "import torch, yjs_qa; print(yjs_qa.__file__); print(torch.__version__)"], tmp_path, user
    )
    module, torch_version = where.split()
    assert Path(module).is_relative_to(venv), module  # the installed copy, not the checkout
    assert "+cu" not in torch_version

    # From an empty folder: a couple of reports copied in, an index built, a question, the MCP tools.
    home = tmp_path / "empty"
    home.mkdir()
    reports = home / "reports"
    reports.mkdir()
    for name in (PRESS, KENT):
        shutil.copy(CORPUS / name, reports)
    yjs = venv / "bin" / "yjs-qa"
    built = timed(
        "yjs-qa index build", [yjs, "index", "build", "--corpus", "reports", "--index", "idx"], home, user
    )
    assert "added 2" in built
    answer = timed(
        "yjs-qa ask", [yjs, "ask", "what did inspectors say about Southend?", "--index", "idx"], home, user
    )
    assert "Answer" in answer and PRESS in answer

    async def tools() -> list[str]:
        params = mcp.StdioServerParameters(
            command=str(yjs), args=["mcp", "--index", "idx"], env=user, cwd=home
        )
        async with mcp.Client(params) as client:
            listed = await client.list_tools()
            asked = await client.call_tool("ask", {"question": "victims", "k": 2, "service": "Kent"})
            assert not asked.is_error and asked.structured_content is not None
            assert {p["citation"]["document"] for p in asked.structured_content["passages"]} == {KENT}
            return sorted(t.name for t in listed.tools)

    start = time.perf_counter()
    assert asyncio.run(tools()) == ["ask", "documents", "ratings", "recommendations", "search"]
    timings["yjs-qa mcp: list and call"] = round(time.perf_counter() - start, 1)

    # With no corpus folder at all, the error says what to do.
    bare = tmp_path / "bare"
    bare.mkdir()
    done = subprocess.run([yjs, "ask", "anything"], cwd=bare, env=user, capture_output=True, text=True)
    assert done.returncode == 1 and "yjs-qa index build --corpus FOLDER" in done.stderr

    print("wheel install timings (s):", timings)
