import { appendFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

/**
 * A tiny upstream MCP server for the gateway's tests, written with the official SDK: each call of a
 * tool appends one JSON line `{ tool, args, env }` to the file UPSTREAM_RECORD names, so a test can
 * see exactly what ran, with which arguments, how many times, and whether a secret reached it.
 */
const record = (tool: string, args: unknown) =>
  appendFileSync(process.env.UPSTREAM_RECORD!, `${JSON.stringify({ tool, args, sawApiKey: process.env.COUNTERSIGN_API_KEY !== undefined })}\n`);

const server = new McpServer({ name: "files", version: "1.0.0" });
server.registerTool("write_file", { description: "Write a file", inputSchema: { path: z.string(), content: z.string() } }, async (args) => {
  record("write_file", args);
  return { content: [{ type: "text", text: `wrote ${args.content.length} bytes to ${args.path}` }] };
});
server.registerTool("delete_file", { description: "Delete a file", inputSchema: { path: z.string() } }, async (args) => {
  record("delete_file", args);
  return { isError: true, content: [{ type: "text", text: `EACCES: permission denied, unlink '${args.path}'` }] };
});
server.registerTool("echo", { description: "Echo the text back", inputSchema: { text: z.string() } }, async (args) => {
  record("echo", args);
  return { content: [{ type: "text", text: args.text }] };
});
await server.connect(new StdioServerTransport());
