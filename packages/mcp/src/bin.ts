#!/usr/bin/env node
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createCountersignMcpServer } from "./server.js";

// Standard output is the MCP channel: anything said to a person goes to standard error.
const baseUrl = process.env.COUNTERSIGN_URL;
const apiKey = process.env.COUNTERSIGN_API_KEY;
if (!baseUrl || !apiKey) {
  console.error("countersign-mcp needs COUNTERSIGN_URL (the console's URL) and COUNTERSIGN_API_KEY (the agent's cs_live_ key) in its environment");
  process.exit(2);
}
try {
  new URL(baseUrl);
} catch {
  console.error("countersign-mcp: COUNTERSIGN_URL is not a URL");
  process.exit(2);
}

await createCountersignMcpServer({ baseUrl, apiKey }).connect(new StdioServerTransport());
