"""Talk to `yjs-qa mcp` with the official MCP Python SDK, as an assistant would (needs yjs-qa[mcp]).

Run after `yjs-qa index build`: python docs/examples/mcp_client.py [INDEX_DIR]
"""

import asyncio
import os
import sys

from mcp import Client, StdioServerParameters

index = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("YJS_QA_INDEX", "index")
server = StdioServerParameters(command="yjs-qa", args=["mcp", "--index", index], env=dict(os.environ))


async def main() -> None:
    async with Client(server) as client:
        tools = await client.list_tools()
        print("tools:", ", ".join(t.name for t in tools.tools))
        result = await client.call_tool(
            "ask", {"question": "what did inspectors say about contingency planning?", "k": 3}
        )
        answer = result.structured_content  # the Answer model, as JSON
        print(answer["answer"])
        for p in answer["passages"]:
            c = p["citation"]
            print(f"[{p['rank']}] {c['document']} · {c['service']} · {c['section']} · page {c['page']}")
        error = await client.call_tool("ask", {"question": " "})
        print("error:", error.is_error, error.content[0].text)


asyncio.run(main())
