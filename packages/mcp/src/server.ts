import { Countersign, type ActionRequestBody, type BoundPayload, type Ticket } from "@countersign/sdk";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { TicketBook } from "./ticket-book.js";
import { toolFailure, toolResult } from "./tool-failure.js";

export type CountersignMcpOptions = {
  /** The console's URL, e.g. https://countersign.example.com. */
  baseUrl: string;
  /** The agent's API key (cs_live_…): sent only to Countersign, never put in a tool's answer. */
  apiKey: string;
  /** Another fetch (a proxy's); the global one by default. */
  fetch?: typeof fetch;
};

/**
 * The longest get_decision holds a call open. MCP clients commonly give up on a tool call after 60 s
 * (the official SDK's default request timeout), so a wait stays under it; the agent calls again.
 */
export const MAX_WAIT_SECONDS = 50;

/** What get_decision says of a grant for a request it did not make, whose payload it never held. */
const UNCHECKED_PAYLOAD =
  "This request was not made through this server, so the grant was checked (signature, request, expiry, the digest Countersign holds) but not against your payload: call verify_grant with the exact action, resource, environment and parameters before running it.";

const requestId = z.uuid().describe("The request's id, as request_approval returned it");
const parameters = z
  .record(z.string(), z.unknown())
  .describe("The exact invocation, as JSON: the approval is bound to these values (their digest), so run exactly these and nothing else");
const boundPayload = {
  action: z.string().min(1).describe("What the agent wants to do, e.g. db.export"),
  resource: z.string().min(1).describe("What it acts on, e.g. postgres://prod-db/customers"),
  environment: z.string().min(1).default("production").describe("Where (default production)"),
  parameters: parameters.default({}),
};
const grant = z.string().min(1).describe("The grant (a compact JWS) that get_decision returned for the approved request");

const change = z
  .union([
    z.object({ format: z.enum(["text", "json", "yaml", "sql", "hcl"]), before: z.string().optional(), after: z.string().optional() }),
    z.object({ format: z.literal("unified"), patch: z.string() }),
    z.object({ format: z.literal("terraform-plan"), after: z.string() }),
  ])
  .describe("The change the action makes, shown to the reviewer as a diff: before/after text, a unified patch, or a Terraform plan as JSON");

function describeTicket(ticket: Ticket): Record<string, unknown> {
  const { id, status, policy, expiresAt } = ticket.created;
  return { id, status, consoleUrl: ticket.consoleUrl, policy, expiresAt, payloadDigest: ticket.payloadDigest };
}

/** An MCP server whose tools ask Countersign, through the SDK, before a privileged action and prove the approval after. */
export function createCountersignMcpServer({ baseUrl, apiKey, fetch }: CountersignMcpOptions): McpServer {
  const countersign = new Countersign({ baseUrl, apiKey, fetch });
  const tickets = new TicketBook();
  const server = new McpServer({ name: "countersign-mcp", version: "0.1.0" });

  /**
   * Runs a tool's body; whatever it throws comes back as a tool error the agent can read. The signal
   * is the client's: a cancelled call stops waiting on Countersign instead of holding a long poll open.
   */
  const guarded =
    <A>(body: (args: A, signal: AbortSignal) => Promise<Record<string, unknown>>) =>
    async (args: A, { signal }: { signal: AbortSignal }) => {
      try {
        return toolResult(await body(args, signal));
      } catch (error) {
        return toolFailure(error, apiKey);
      }
    };

  /**
   * The ticket get_decision and report_execution need: the one this process made (whose grant is
   * checked against the payload it sent), or else the request as the API answers it by id, for any
   * request this agent's key made (its grant is then checked against the server's digest only).
   */
  const ticketOf = async (id: string, signal?: AbortSignal): Promise<Ticket<Readonly<BoundPayload> | undefined>> => tickets.get(id) ?? (await countersign.get(id, { signal }));

  server.registerTool(
    "request_approval",
    {
      title: "Request approval",
      description:
        "Ask a person (through Countersign's policy) to approve one privileged action before you run it. Returns the request's id, its status (usually pending), the console link to give the person who must approve it, and the policy rule that applies. Then call get_decision with the id. Describe the action exactly: the approval covers these parameters and no others.",
      inputSchema: {
        ...boundPayload,
        summary: z.string().min(1).describe("One line for the reviewer's queue: what and why"),
        reasoning: z.string().optional().describe("Why this action is needed, for the reviewer"),
        context: z.unknown().optional().describe("Free-form JSON shown to reviewers (masked): a ticket number, the user's request"),
        change: change.optional(),
        onBehalfOf: z.email().optional().describe("The person the agent acts for, if any"),
      },
    },
    guarded(async (body, signal) => {
      // The schema above mirrors the API's body; the server validates it again and answers any refusal as a problem.
      const ticket = await countersign.request(body as ActionRequestBody, { signal });
      tickets.add(ticket);
      return describeTicket(ticket);
    }),
  );

  server.registerTool(
    "get_decision",
    {
      title: "Get the decision",
      description: `Wait (up to waitSeconds, at most ${MAX_WAIT_SECONDS}) for the decision on a request made with request_approval. Works for any request this agent's key made. Returns its status: pending (no decision yet: call again), approved (with the grant, already verified against Countersign's keys; for a request made through this server also against the exact payload requested (payloadVerified true), otherwise check your payload with verify_grant first: run exactly that action, then call report_execution), rejected (with the reviewer's reason: do not run it), expired or cancelled (do not run it).`,
      annotations: { readOnlyHint: true },
      inputSchema: {
        id: requestId,
        waitSeconds: z.number().int().min(1).max(MAX_WAIT_SECONDS).default(20).describe(`How long to wait for a decision, in seconds (1 to ${MAX_WAIT_SECONDS})`),
      },
    },
    guarded(async ({ id, waitSeconds }, signal) => {
      const ticket = await ticketOf(id, signal);
      const decision = await ticket.wait({ timeoutMs: waitSeconds * 1000, signal });
      const { claims } = decision;
      return {
        id,
        status: decision.status,
        consoleUrl: ticket.consoleUrl,
        ...(decision.reason ? { reason: decision.reason } : {}),
        ...(decision.grant && claims
          ? {
              grant: decision.grant,
              grantVerified: true,
              payloadVerified: decision.payloadVerified,
              ...(decision.payloadVerified ? {} : { note: UNCHECKED_PAYLOAD }),
              grantExpiresAt: new Date(claims.exp * 1000).toISOString(),
              approvers: claims.approvers,
            }
          : {}),
      };
    }),
  );

  server.registerTool(
    "report_execution",
    {
      title: "Report the execution",
      description:
        "Tell Countersign how an approved action went, once you have run it (or failed to): outcome succeeded or failed, with a short detail. Needs the request's grant. Always report, also when the action failed: the record is the proof of what ran.",
      inputSchema: {
        id: requestId,
        grant,
        outcome: z.enum(["succeeded", "failed"]).describe("How the action went"),
        detail: z.string().max(2_000).optional().describe("What happened, in a line or two (an error message, a row count)"),
      },
    },
    guarded(async ({ id, grant: jws, outcome, detail }) => {
      await (await ticketOf(id)).report(outcome, detail, jws);
      return { id, recorded: true, outcome };
    }),
  );

  server.registerTool(
    "verify_grant",
    {
      title: "Verify a grant",
      description:
        "Check locally, before running an action, that a grant really approves it: Countersign's signature (against its published keys), that it is this request's grant, that it approves exactly this action, resource, environment and parameters (their digest), and that it has not expired. Returns valid with the grant's claims, or an error saying why it is refused: then do not run the action.",
      annotations: { readOnlyHint: true },
      inputSchema: { grant, requestId, ...boundPayload },
    },
    guarded(async ({ grant: jws, requestId: id, action, resource, environment, parameters: values }) => {
      const claims = await countersign.verifyGrant(jws, id, { action, resource, environment, parameters: values });
      return { valid: true, requestId: id, action, resource, environment, expiresAt: new Date(claims.exp * 1000).toISOString(), approvers: claims.approvers, policy: claims.policy };
    }),
  );

  return server;
}
