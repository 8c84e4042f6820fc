#!/usr/bin/env bash
# Set up yjs-qa in ./.venv with its test tools. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "yjs-qa needs Python 3.11 or newer; set PYTHON=/path/to/python3")'

[ -x .venv/bin/python ] || "$PY" -m venv .venv

stamp=.venv/.yjs-qa-installed
want="$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # torch goes first and pinned: left to itself, pip would pick a CUDA build and ~3 GB of
  # nvidia wheels. 2.13.0 resolves to the local CPU build on these machines.
  .venv/bin/pip install --quiet --disable-pip-version-check "torch==2.13.0"
  # Every extra, so the README's test command runs every test; exact versions from constraints.txt.
  .venv/bin/pip install --quiet --disable-pip-version-check -c constraints.txt \
    -e ".[dev,mcp,langchain,llamaindex,server]"
  echo "$want" >"$stamp"
fi
.venv/bin/python -c "import torch, yjs_qa; assert '+cu' not in torch.__version__, torch.__version__"
