"""Use the command line from another program: `--json` prints the same pydantic models as JSON.

Run after `yjs-qa index build`: python docs/examples/cli_json.py [INDEX_DIR]
"""

import json
import os
import subprocess
import sys

index = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("YJS_QA_INDEX", "index")
question = "what did inspectors say about contingency planning?"
out = subprocess.run(
    ["yjs-qa", "ask", question, "-k", "3", "--index", index, "--json"],
    capture_output=True,
    text=True,
    check=True,
).stdout
answer = json.loads(out)  # the Answer model: answer, sentences, passages[].citation, ...

print(answer["answer"])
for p in answer["passages"]:
    c = p["citation"]
    print(f"[{p['rank']}] {c['document']} · {c['service']} · {c['section']} · page {c['page']}")

ratings = json.loads(
    subprocess.run(
        ["yjs-qa", "ratings", "--standard", "overall", "--index", index, "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
)
for r in ratings:
    print(f"{r['service']}: {r['rating']} ({r['document']}, page {r['page']})")
