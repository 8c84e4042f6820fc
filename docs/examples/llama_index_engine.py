"""A LlamaIndex query engine over yjs-qa (needs yjs-qa[llamaindex]). MockLLM echoes its prompt, so
this runs offline; pass your own LLM instead.

Run after `yjs-qa index build`: python docs/examples/llama_index_engine.py [INDEX_DIR]
"""

import os
import sys

from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine

from yjs_qa.integrations.llama_index import YjsQaRetriever

index = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("YJS_QA_INDEX", "index")
retriever = YjsQaRetriever.from_index(index, k=3, domain="court disposals")
engine = RetrieverQueryEngine.from_args(retriever, llm=MockLLM())

response = engine.query("what did inspectors say about contingency planning?")
for node in response.source_nodes:
    m = node.node.metadata
    print(f"{node.score:.3f} {m['document']} · {m['service']} · {m['standard']} · page {m['page']}")
    print("   ", node.node.get_content()[:100])
