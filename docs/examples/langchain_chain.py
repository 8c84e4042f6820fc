"""A LangChain chain over yjs-qa: the retriever, then a step that formats cited context for a
prompt (needs yjs-qa[langchain]). Put your prompt and chat model after `format_docs`.

Run after `yjs-qa index build`: python docs/examples/langchain_chain.py [INDEX_DIR]
"""

import os
import sys

from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from yjs_qa.integrations.langchain import YjsQaRetriever

index = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("YJS_QA_INDEX", "index")
retriever = YjsQaRetriever.from_index(index, k=3, service="southend", standard="planning")


def format_docs(docs: list[Document]) -> str:
    return "\n\n".join(f"[{d.metadata['rank']}] {d.metadata['citation']}\n{d.page_content}" for d in docs)


chain = retriever | RunnableLambda(format_docs)  # | prompt | chat_model
print(chain.invoke("what did inspectors say about contingency planning?"))

doc = retriever.invoke("contingency planning")[0]
print(doc.metadata["document"], doc.metadata["service"], doc.metadata["standard"], doc.metadata["page"])
