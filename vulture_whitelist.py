"""Names vulture (dead code, `.ci/run`) cannot see used: what frameworks call, attributes set for
a library to read, and the public API. Decorated entry points (Typer commands, FastAPI routes and
exception handlers, pydantic validators) and pydantic's `model_config` are ignored in pyproject.toml.
Not imported by anything; vulture reads it beside yjs_qa/."""

# ruff: noqa
# Imported for their Typer commands to register on the app.
index_commands
servers
# Settings a library reads off the objects: FAISS HNSW parameters, onnxruntime session options.
_.efConstruction
_.efSearch
_.intra_op_num_threads
_.log_severity_level
# torch calls a module's forward (the ONNX export wrapper).
_.forward
# References that keep memory maps and their owners alive as long as a reader holds a row.
_._closer
_._owner
# LangChain and LlamaIndex call these; their signatures are the frameworks'.
_._get_relevant_documents
_._retrieve
run_manager
_.from_index
# MCP tool handlers take the request context the SDK passes.
ctx
# uvicorn's workers import the app from this factory by name (yjs_qa.server.run:worker_app).
worker_app
# The public API: callers, not the package, use these.
_.build  # Library.build
_.added  # UpdateReport.added, .updated, .unchanged
_.updated
_.unchanged
clear_user_services  # a process that moves to another index forgets the last one's services
asks_for_rating  # RatingAsk: whether a question asks for a rating
keyword_score  # Hit: each fused hit keeps its two scores, for inspection and tests
