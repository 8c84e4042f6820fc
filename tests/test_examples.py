"""The examples of "Use it from other tools" (README, docs/integrations.md) run as written: each
script in docs/examples/ against a fast index (YJS_QA_MODEL=hash), and the README's MCP client
configuration through the SDK's client."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import CORPUS, REPORT, ROOT

from yjs_qa import Library
from yjs_qa.testing import HashEmbedder

EXAMPLES = ROOT / "docs" / "examples"
BIN = Path(sys.executable).parent
# Each example, the extra it needs (a module to import), and what its output must show.
CASES = {
    "python_api.py": (None, [f"[1] {REPORT} · Southend-on-Sea · 2.2 Planning"]),
    "cli_json.py": (None, [f"[1] {REPORT} · Southend-on-Sea", "Southend-on-Sea: Requires improvement"]),
    "mcp_client.py": (
        "mcp",
        ["tools: ask, search, ratings, recommendations, documents", "error: True the question is empty"],
    ),
    "langchain_chain.py": (
        "langchain_core",
        ["[1] An inspection of youth justice services in Southend-on-Sea"],
    ),
    "llama_index_engine.py": ("llama_index.core", [f"{REPORT} · Southend-on-Sea · 2.2 Planning · page 17"]),
}


@pytest.fixture(scope="module")
def example_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("examples") / "index"
    Library.build(CORPUS, index, embedder=HashEmbedder())
    return index


def example_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YJS_QA_")}
    env["YJS_QA_MODEL"] = "hash"  # the fast fake model; a user's index uses the real one
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # `yjs-qa` as a user's shell finds it
    return env


def test_every_example_is_tested() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_runs(name: str, example_index: Path, tmp_path: Path) -> None:
    needs, expected = CASES[name]
    if needs:
        pytest.importorskip(needs)
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name), str(example_index)],
        cwd=tmp_path,
        env=example_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for line in expected:
        assert line in done.stdout, done.stdout


def mcp_config(text: str) -> dict[str, object]:
    """The `mcpServers` JSON block of a Markdown file."""
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    (config,) = [json.loads(b) for b in blocks if '"mcpServers"' in b]
    return dict(config)


@pytest.mark.parametrize("doc", ["README.md", "docs/integrations.md"])
def test_the_mcp_client_configuration_starts_the_server(
    doc: str, example_index: Path, tmp_path: Path
) -> None:
    mcp = pytest.importorskip("mcp")
    servers = mcp_config((ROOT / doc).read_text(encoding="utf-8"))["mcpServers"]
    assert isinstance(servers, dict)
    server = servers["yjs-qa"]
    assert Path(server["command"]).name == "yjs-qa"
    assert server["args"][:2] == ["mcp", "--index"]
    # The user's paths, replaced by this checkout's script and a test index.
    params = mcp.StdioServerParameters(
        command=str(BIN / "yjs-qa"),
        args=[*server["args"][:-1], str(example_index)],
        env={**server.get("env", {}), "YJS_QA_MODEL": "hash"},
        cwd=tmp_path,
    )

    async def tools() -> list[str]:
        async with mcp.Client(params) as client:
            return [t.name for t in (await client.list_tools()).tools]

    assert asyncio.run(tools()) == ["ask", "search", "ratings", "recommendations", "documents"]
