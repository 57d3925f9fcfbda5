import { DeniedError, payloadDigest, type BoundPayload, type Countersign, type Ticket } from "@countersign/sdk";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js";
import type { RequestTaskStore } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { StateRefusedError, type RequestStateSigner } from "./request-state.js";
import { toolFailure } from "./tool-failure.js";

/** The argument a held call's retry carries to resume its request; never passed on to the upstream server. */
export const STATE_ARGUMENT = "_countersign_state";
/** An execution report's detail has room for this much of the upstream's error text. */
const MAX_DETAIL = 2_000;

export type GatewayOptions = {
  countersign: Countersign;
  /** The wrapped server, connected as a client. */
  upstream: Client;
  /** Names the upstream in actions: `mcp.<serverName>.<tool>`. */
  serverName: string;
  /** Whether a tool's calls are held for approval (COUNTERSIGN_GATEWAY_MATCH's globs). */
  held: (tool: string) => boolean;
  resource: string;
  environment: string;
  /** How long a call waits for a person before it answers pending with a request state. */
  waitSeconds: number;
  /** Who the gateway asks as (the API key's fingerprint): request states are bound to it. */
  principal: string;
  state: RequestStateSigner;
  /** Only to cut it out of any error text. */
  apiKey: string;
};

/** How one held call waits: in the client's call (bounded, maybe with an elicitation) or in an MCP task (until decided). */
type Hold = {
  signal: AbortSignal;
  /** The tools/call request, for an elicitation sent on its own stream; none in a task. */
  callId?: RequestId;
  waitMs: number;
  /** Told the request's link once it exists (a task's status message). */
  onTicket?: (ticket: Ticket) => Promise<void>;
  /** Asked just before the approved call runs: a task the client cancelled meanwhile must not run. */
  stillWanted?: () => Promise<boolean>;
};

const text = (value: string, isError = true): CallToolResult => ({ isError, content: [{ type: "text", text: value }] });

function firstText(result: CallToolResult): string | undefined {
  const part = result.content.find((item) => item.type === "text");
  return part?.type === "text" ? part.text.slice(0, MAX_DETAIL) : undefined;
}

/**
 * countersign-mcp's gateway: an MCP server that re-exposes another server's tools, and holds each call
 * of a matching tool until a person approves it in Countersign. The call's arguments are the request's
 * `parameters`; only an approved grant verified locally against the digest of exactly those arguments
 * lets the call through to the upstream server, with those arguments, and its outcome is reported
 * whatever happens. A client that supports URL-mode elicitation is sent to the request's page; after a
 * bounded wait a call still undecided answers pending with a single-use request state, with which the
 * retried call resumes the same request (and only with the same arguments). A client that calls with
 * MCP's task augmentation (2025-11-25, the SDK's experimental tasks) gets a task at once instead, which
 * waits for the decision without that bound; its status message carries the request's link.
 */
export function createGatewayServer(options: GatewayOptions): Server {
  const { countersign, upstream, serverName, held, resource, environment, waitSeconds, principal, state, apiKey } = options;
  const server = new Server(
    { name: `countersign-gateway(${serverName})`, version: "0.1.0" },
    { capabilities: { tools: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } }, taskStore: new InMemoryTaskStore() },
  );

  server.setRequestHandler(ListToolsRequestSchema, async (request, { signal }) => {
    const listed = await upstream.listTools(request.params, { signal });
    return {
      ...listed,
      tools: listed.tools.map((tool) => {
        // The gateway relays plain calls only: an upstream's own task support is not offered through it.
        if (!held(tool.name)) return { ...tool, execution: undefined };
        const stateProperty = { type: "string", description: "Only when retrying a call that answered pending: the request state it returned, to resume that request" };
        return {
          ...tool,
          description: `${tool.description ?? tool.name}\n\nEach call is held until a person approves it in Countersign, and runs only with exactly the approved arguments.`,
          inputSchema: { ...tool.inputSchema, properties: { ...tool.inputSchema.properties, [STATE_ARGUMENT]: stateProperty } },
          // A person may take longer than a client waits for one call: a task waits as long as it takes.
          execution: { ...tool.execution, taskSupport: "optional" as const },
        };
      }),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args = {}, task } = request.params;
    if (!held(name)) return upstream.callTool({ name, arguments: args }, undefined, { signal: extra.signal });
    if (task && extra.taskStore) return { task: await startTask(name, args, task.ttl, extra.taskStore) };
    return holdCall(name, args, { signal: extra.signal, callId: extra.requestId, waitMs: waitSeconds * 1000 });
  });

  /** The held call in a task: answered at once with the task; its result is stored once the call is settled. */
  async function startTask(tool: string, args: Record<string, unknown>, ttl: number | null | undefined, store: RequestTaskStore) {
    const task = await store.createTask({ ttl });
    const settled = holdCall(tool, args, {
      // The tools/call request ends with this answer; the task outlives it.
      signal: new AbortController().signal,
      waitMs: Number.POSITIVE_INFINITY,
      onTicket: (ticket) => store.updateTaskStatus(task.taskId, "working", `Waiting for a person's approval in Countersign: ${ticket.consoleUrl}`),
      stillWanted: async () => (await store.getTask(task.taskId))?.status === "working",
    });
    // A cancelled task keeps its status: the store refuses a result for it, and nothing is lost.
    void settled.then((result) => store.storeTaskResult(task.taskId, "completed", result)).catch(() => undefined);
    return task;
  }

  /** A held call, whatever fails: a refused state or any error is a tool error the agent can read. */
  async function holdCall(tool: string, args: Record<string, unknown>, how: Hold): Promise<CallToolResult> {
    try {
      return await askAndSettle(tool, args, how);
    } catch (error) {
      if (error instanceof StateRefusedError) return text(`Not run: ${error.message}.`);
      return toolFailure(error, apiKey);
    }
  }

  async function askAndSettle(tool: string, args: Record<string, unknown>, how: Hold): Promise<CallToolResult> {
    const { [STATE_ARGUMENT]: token, ...parameters } = args;
    // As it goes on the wire: the payload approved is the one JSON carries.
    const payload = JSON.parse(JSON.stringify({ action: `mcp.${serverName}.${tool}`, resource, environment, parameters })) as BoundPayload;
    const binding = { principal, tool, digest: await payloadDigest(payload) };
    let ticket: Ticket;
    if (token === undefined) {
      ticket = await countersign.request({ ...payload, parameters: payload.parameters as Record<string, never>, summary: `Call ${tool} on the MCP server ${serverName}` }, { signal: how.signal });
      await how.onTicket?.(ticket);
      if (how.callId !== undefined && ticket.created.status === "pending" && server.getClientCapabilities()?.elicitation?.url) {
        const answer = await server
          .elicitInput(
            { mode: "url", elicitationId: ticket.id, url: ticket.consoleUrl, message: `${tool} on ${serverName} waits for a person's approval in Countersign. Open the request to review it (or ask an approver to).` },
            { signal: how.signal, relatedRequestId: how.callId },
          )
          // A client that cannot show it (an error, a timeout) still gets the link with the pending answer; a cancelled call stops here.
          .catch((error: unknown) => {
            if (how.signal.aborted) throw error;
            return undefined;
          });
        if (answer && answer.action !== "accept") {
          await ticket.cancel();
          return text(`Not run: the approval request was ${answer.action === "decline" ? "declined" : "dismissed"} and is withdrawn (request ${ticket.id}).`);
        }
        return settle(tool, ticket, binding.digest, how, answer !== undefined);
      }
    } else {
      if (typeof token !== "string") return text(`Not run: ${STATE_ARGUMENT} must be the string a pending answer returned.`);
      // The server's digest must be these arguments' too (else VerificationError), and the grant is checked against them.
      ticket = await countersign.get(state.redeem(token, binding), { payload, signal: how.signal });
      await how.onTicket?.(ticket);
    }
    return settle(tool, ticket, binding.digest, how, false);
  }

  async function settle(tool: string, ticket: Ticket, digest: string, how: Hold, elicited: boolean): Promise<CallToolResult> {
    const decision = await ticket.wait({ timeoutMs: how.waitMs, signal: how.signal });
    if (elicited && decision.status !== "pending") await server.createElicitationCompletionNotifier(ticket.id, { relatedRequestId: how.callId })();
    switch (decision.status) {
      case "approved":
        if (how.stillWanted && !(await how.stillWanted())) return text(`Not run: the task was cancelled (request ${ticket.id} stays approved, unused).`);
        return run(tool, ticket, decision.grant as string, how.signal);
      case "pending": {
        const retry = state.issue(ticket.id, { principal, tool, digest }, new Date(decision.request.expiresAt));
        const answer = {
          status: "pending",
          requestId: ticket.id,
          consoleUrl: ticket.consoleUrl,
          [STATE_ARGUMENT]: retry,
          next: `Not run yet: a person must approve it at ${ticket.consoleUrl}. Call ${tool} again with the same arguments and "${STATE_ARGUMENT}" set to this value to resume this request (the state works once; other arguments are refused).`,
        };
        return text(JSON.stringify(answer, null, 2));
      }
      case "rejected":
      case "cancelled":
        return toolFailure(new DeniedError(ticket.id, decision.status, decision.reason), apiKey);
      default:
        return text(`Not run: request ${ticket.id} is ${decision.status}.`);
    }
  }

  /** The approved call, with exactly the approved arguments; the outcome is reported whatever happens. */
  async function run(tool: string, ticket: Ticket, grant: string, signal: AbortSignal): Promise<CallToolResult> {
    let result: CallToolResult;
    try {
      result = (await upstream.callTool({ name: tool, arguments: ticket.payload.parameters as Record<string, unknown> }, undefined, { signal })) as CallToolResult;
    } catch (error) {
      const detail = `the upstream call failed (${error instanceof Error ? error.name : "unknown error"})`;
      await ticket.report("failed", detail, grant).catch(() => undefined);
      return text(`Approved, but ${detail}; reported as failed (request ${ticket.id}).`);
    }
    await ticket.report(result.isError ? "failed" : "succeeded", result.isError ? firstText(result) : undefined, grant).catch(() => {
      // The upstream already ran: its answer stands; the missing report is said on standard error (no details: they may hold anything).
      console.error(`countersign-mcp gateway: the execution report for request ${ticket.id} failed`);
    });
    return result;
  }

  return server;
}
