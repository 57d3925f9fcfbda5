import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the stub model was sent back for its tool call: the tool result's text and whether it was an error. */
export type ToolResultSeen = { content: string; isError: boolean };

/**
 * A stand-in for the Anthropic Messages API (the model the Claude Agent SDK's runtime calls), so the
 * real runtime runs offline: streamed (server-sent events) as the API streams. Its first answer calls
 * the Bash tool with `command`; once the conversation carries that call's result, it records the result
 * and ends the turn with text. Only the model is stood in for; the runtime, its permission check and
 * its tools are the real ones.
 */
export async function startStubModel(command: string): Promise<{ url: string; toolResults: ToolResultSeen[]; stop: () => Promise<void> }> {
  const toolResults: ToolResultSeen[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      if (req.method !== "POST" || !req.url?.startsWith("/v1/messages")) return void res.writeHead(404).end("{}");
      const request = JSON.parse(body) as { model?: string; messages?: { content: unknown }[]; tools?: { name: string }[] };
      const result = findToolResult(request.messages ?? []);
      if (result) toolResults.push(result);
      res.writeHead(200, { "content-type": "text/event-stream" });
      const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      send("message_start", {
        message: { id: `msg_${toolResults.length}`, type: "message", role: "assistant", model: request.model ?? "stub", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } },
      });
      const callsTool = !result && (request.tools ?? []).some((tool) => tool.name === "Bash");
      if (callsTool) {
        send("content_block_start", { index: 0, content_block: { type: "tool_use", id: "toolu_stub_1", name: "Bash", input: {} } });
        send("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify({ command, description: "The stub model's one command" }) } });
      } else {
        send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
        send("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Done." } });
      }
      send("content_block_stop", { index: 0 });
      send("message_delta", { delta: { stop_reason: callsTool ? "tool_use" : "end_turn", stop_sequence: null }, usage: { output_tokens: 1 } });
      send("message_stop", {});
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    toolResults,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function findToolResult(messages: { content: unknown }[]): ToolResultSeen | null {
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as { type?: string; content?: unknown; is_error?: boolean }[]) {
      if (block.type !== "tool_result") continue;
      const content = Array.isArray(block.content) ? (block.content as { text?: string }[]).map((part) => part.text ?? "").join("") : String(block.content ?? "");
      return { content, isError: block.is_error === true };
    }
  }
  return null;
}
