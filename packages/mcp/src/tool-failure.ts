import { CountersignError, ProblemError, VerificationError } from "@countersign/sdk";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/**
 * A failed call as the agent sees it: an MCP tool error (isError) with one readable line, so the
 * model can act on it. A ProblemError carries the API's problem detail; the SDK's own errors say what
 * failed and why. Anything else (a bug, a network fault) is named only by its kind: its message and
 * stack could hold anything, and the API key is cut out of whatever is left, whatever the source.
 */
export function toolFailure(error: unknown, apiKey: string): CallToolResult {
  let text: string;
  if (error instanceof ProblemError) {
    const { title, status, detail, errors } = error.problem;
    const fields = errors?.length ? ` (${errors.map((field) => `${field.path}: ${field.message}`).join("; ")})` : "";
    text = `Countersign refused the call: ${status} ${title}${detail ? `: ${detail}` : ""}${fields}`;
  } else if (error instanceof VerificationError) {
    text = `Grant refused, do not run the action: ${error.message}`;
  } else if (error instanceof CountersignError) {
    text = error.message;
  } else if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    text = "Countersign could not be reached (network error): check COUNTERSIGN_URL and that the server is up";
  } else {
    text = `Countersign call failed (${error instanceof Error ? error.name : "unknown error"})`;
  }
  return { isError: true, content: [{ type: "text", text: text.split(apiKey).join("[redacted]") }] };
}

/** A tool's answer: the JSON for clients that read structured results, and the same as text for those that do not. */
export function toolResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value, null, 2) }], structuredContent: value };
}
