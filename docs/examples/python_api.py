"""Ask a question through the Python API and print the answer with its citations.

Run after `yjs-qa index build`: python docs/examples/python_api.py [INDEX_DIR]
"""

import os
import sys

from yjs_qa import FilterSpec, Library

index = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("YJS_QA_INDEX", "index")
lib = Library.open(index)
only_southend = FilterSpec(service=("southend",))  # the filters as one value; keywords work too
answer = lib.ask("what did inspectors say about contingency planning?", k=3, filters=only_southend)

print(answer.answer)
for p in answer.passages:
    c = p.citation
    print(f"[{p.rank}] {c.document} · {c.service} · {c.standard} · {c.section} · page {c.page}")
for s in answer.sentences:  # verbatim: the sentence is its passage's text at [start, end)
    assert answer.passages[s.passage - 1].text[s.start : s.end] == s.text
