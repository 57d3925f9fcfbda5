import { z } from "zod";
import { MAX_JSON_DEPTH } from "@/lib/domain/json-depth";
import type { AgentLimits } from "@/lib/domain/agent-limits";
import { MAX_BODY_BYTES } from "./body-limit";
import { ZActionRequestInput, ZActionRequestView, ZConsistencyProof, ZExecutionReport, ZInclusionProof, ZProblem, ZReceipt } from "./schemas";

/** Where the one recursive schema, any JSON value (`parameters`, `context`, `change`), is defined for every operation. */
const JSON_VALUE_REF = "#/components/schemas/JsonValue";
const selfRefsTo = (name: string, to: string, schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll(`"#/$defs/${name}"`, JSON.stringify(to)));
const { $defs: jsonValueDefs } = z.toJSONSchema(z.object({ value: z.json() })) as { $defs: Record<string, unknown> };
const [jsonValueName, jsonValueDef] = Object.entries(jsonValueDefs)[0] as [string, unknown];
const JSON_VALUE_SCHEMA = selfRefsTo(jsonValueName, JSON_VALUE_REF, jsonValueDef);

/**
 * zod puts a recursive schema in the converted schema's own `$defs` and refers to it as `#/$defs/…`;
 * inside an OpenAPI document such a reference resolves against the document's root, where nothing is,
 * so generators (openapi-typescript, the agents' SDK's types) cannot read it. Each one, always the JSON
 * value, is pointed at components.schemas.JsonValue instead; any other recursive schema is refused here
 * rather than published broken.
 */
function toOpenApiSchema(schema: z.ZodType, io: "input" | "output" = "output") {
  const { $defs = {}, ...converted } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as { $defs?: Record<string, unknown> };
  let text = JSON.stringify(converted);
  for (const [name, def] of Object.entries($defs)) {
    if (JSON.stringify(selfRefsTo(name, JSON_VALUE_REF, def)) !== JSON.stringify(JSON_VALUE_SCHEMA)) throw new Error(`the OpenAPI document has a recursive schema other than a JSON value (${name}): give it a components schema`);
    text = text.replaceAll(`"#/$defs/${name}"`, JSON.stringify(JSON_VALUE_REF));
  }
  return JSON.parse(text) as Record<string, unknown>;
}

const json = (schema: z.ZodType, io: "input" | "output" = "output") => ({ "application/json": { schema: toOpenApiSchema(schema, io) } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: toOpenApiSchema(ZProblem) } } });
const requestIdParam = { name: "requestId", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const common = {
  "401": problem("Missing, unknown or revoked API key"),
  "404": problem("No such request, or not yours"),
  "405": problem("Method not served here; `Allow` names the one that is"),
  "500": problem("Unexpected error"),
};
/** The transparency log may be read by agents and by signed-in people alike. */
const logReaders = [{ apiKey: [] }, { consoleSession: [] }];
const logCommon = { "401": problem("No valid API key or console session"), "405": common["405"], "500": common["500"] };
/** For operations that take a JSON body: the limits the door enforces before reading it as a request. */
const BODY_LIMITS = `At most ${MAX_BODY_BYTES / 1024} KiB, with objects and arrays nested at most ${MAX_JSON_DEPTH} levels deep (the body itself is the first level); each field's own limits (maxLength, enum, required) are in its schema.`;
const jsonBody = (schema: z.ZodType) => ({ required: true, description: BODY_LIMITS, content: json(schema, "input") });
const tooLarge = { "413": problem(`Body over ${MAX_BODY_BYTES / 1024} KiB`) };

/** The agent's limits as configured on this deployment, in words; 0 is off. */
function describeLimits({ requestsPerWindow, windowSeconds, maxPending }: AgentLimits) {
  const rate = requestsPerWindow > 0 ? `at most ${requestsPerWindow} new requests per ${windowSeconds} s (sliding window)` : "no rate limit";
  const pending = maxPending > 0 ? `at most ${maxPending} pending at once` : "no cap on pending requests";
  return `Per agent, across every console replica: ${rate}; ${pending}. An idempotent replay of an accepted request is never refused.`;
}

/** OpenAPI 3.1, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(serverUrl: string, agentLimits: AgentLimits) {
  return {
    openapi: "3.1.0",
    info: { title: "Countersign agent API", version: "1", description: "Ask a human before a privileged action; receive a grant bound to the exact payload." },
    servers: [{ url: serverUrl }],
    components: {
      schemas: { JsonValue: { ...JSON_VALUE_SCHEMA, description: "Any JSON value" } },
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An agent API key (cs_live_…)" },
        consoleSession: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "A console session (`__Secure-authjs.session-token` behind HTTPS)" },
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/action-requests": {
        post: {
          operationId: "createActionRequest",
          summary: "Submit an action request for approval",
          description: describeLimits(agentLimits),
          parameters: [{ name: "Idempotency-Key", in: "header", required: true, schema: { type: "string", maxLength: 255 } }],
          requestBody: jsonBody(ZActionRequestInput),
          responses: {
            "201": {
              description:
                "Created. The policy's matching rule (policy.rule) decides: `deny` (or a freeze) answers status `rejected` with its message as the decision's reason, `auto-approve` answers `approved` with a grant (but `pending` under a `highRisk` rule while sealing has stalled, approved with its grant once sealing recovers), `require` leaves it `pending` with policy.stages",
              content: json(ZActionRequestView),
            },
            "200": { description: "Idempotent replay of an earlier identical request", content: json(ZActionRequestView) },
            "400": problem(`Invalid body or headers, or a body nested deeper than ${MAX_JSON_DEPTH} levels; \`errors\` lists each bad field`),
            "409": problem("Idempotency-Key reused with a different body"),
            ...tooLarge,
            "429": {
              ...problem(`Over this agent's limits (type …:rate-limited or …:too-many-pending); nothing was stored. ${describeLimits(agentLimits)}`),
              headers: { "Retry-After": { description: "Whole seconds to wait before trying again", schema: { type: "integer", minimum: 1 } } },
            },
            ...common,
          },
        },
      },
      "/api/v1/action-requests/{requestId}": {
        get: {
          operationId: "getActionRequest",
          summary: "Read a request; optionally wait for a decision",
          parameters: [requestIdParam, { name: "wait", in: "query", schema: { type: "integer", minimum: 0, maximum: 60 } }],
          responses: { "200": { description: "The request as stored (masked)", content: json(ZActionRequestView) }, "400": problem("Invalid wait"), ...common },
        },
      },
      "/api/v1/action-requests/{requestId}/cancel": {
        post: {
          operationId: "cancelActionRequest",
          summary: "Withdraw a pending request",
          parameters: [requestIdParam],
          responses: { "200": { description: "Cancelled", content: json(ZActionRequestView) }, "409": problem("Not pending"), ...common },
        },
      },
      "/api/v1/action-requests/{requestId}/receipt": {
        get: {
          operationId: "getReceipt",
          summary: "Proof, checkable offline, that this request's events are in the transparency log",
          description: "Each event exactly as hashed, its leaf hash and an RFC 9162 inclusion proof in the tree of the signed checkpoint included. Verify the checkpoint's signature, recompute each leaf as SHA-256(0x00 ‖ JCS(event)) and walk its audit path to the checkpoint's root.",
          parameters: [requestIdParam],
          responses: {
            "200": { description: "The receipt", content: json(ZReceipt) },
            "409": { ...problem("Not every event of the request is sealed and covered by a published checkpoint yet"), headers: { "Retry-After": { description: "Whole seconds to wait", schema: { type: "integer", minimum: 1 } } } },
            ...common,
          },
        },
      },
      "/api/v1/log/checkpoint": {
        get: {
          operationId: "getCheckpoint",
          summary: "The latest signed checkpoint of the transparency log",
          description: "A C2SP tlog-checkpoint as a signed note: origin, tree size and base64 root hash lines, a blank line, and `— <key name> <base64(4-byte key hash ‖ Ed25519 signature)>`. Leaves are SHA-256(0x00 ‖ JCS(event)), nodes SHA-256(0x01 ‖ left ‖ right) (RFC 6962).",
          security: logReaders,
          responses: { "200": { description: "The signed note", content: { "text/plain": { schema: { type: "string" } } } }, "404": problem("Nothing published yet"), ...logCommon },
        },
      },
      "/api/v1/log/proofs/inclusion": {
        get: {
          operationId: "getInclusionProof",
          summary: "RFC 9162 inclusion proof of a leaf in the tree of a given size",
          security: logReaders,
          parameters: [
            { name: "leaf", in: "query", required: true, schema: { type: "string", pattern: "^[0-9a-fA-F]{64}$" }, description: "The leaf hash, hex" },
            { name: "size", in: "query", required: true, schema: { type: "integer", minimum: 1 }, description: "The tree size, at most the log's" },
          ],
          responses: { "200": { description: "The proof; leafIndex is seq − 1", content: json(ZInclusionProof) }, "400": problem("Invalid leaf or size"), "404": problem("No such leaf in that tree"), ...logCommon },
        },
      },
      "/api/v1/log/proofs/consistency": {
        get: {
          operationId: "getConsistencyProof",
          summary: "RFC 9162 consistency proof between two tree sizes",
          security: logReaders,
          parameters: [
            { name: "from", in: "query", required: true, schema: { type: "integer", minimum: 1 } },
            { name: "to", in: "query", required: true, schema: { type: "integer", minimum: 1 }, description: "At most the log's size" },
          ],
          responses: { "200": { description: "The proof", content: json(ZConsistencyProof) }, "400": problem("Invalid sizes"), ...logCommon },
        },
      },
      "/api/v1/action-requests/{requestId}/execution": {
        post: {
          operationId: "reportExecution",
          summary: "Report what was executed, presenting the grant",
          parameters: [requestIdParam],
          requestBody: jsonBody(ZExecutionReport),
          responses: {
            "200": { description: "Recorded", content: json(ZActionRequestView) },
            "400": problem(`Invalid body or grant, or a body nested deeper than ${MAX_JSON_DEPTH} levels`),
            "409": problem("Not approved, or already reported"),
            ...tooLarge,
            ...common,
          },
        },
      },
    },
  };
}
