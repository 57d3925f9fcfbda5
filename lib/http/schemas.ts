import { z } from "zod";
import { REQUEST_STATUSES } from "@/lib/domain/request-status";

/**
 * The v1 API's schemas: they validate every request body AND generate /api/v1/openapi.json, so the
 * document cannot drift from what the server accepts.
 */
const text = (max: number, field = "this field") =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .max(max, `${field} must be at most ${max} characters`);
/** Not blank, and never trimmed: the payload digest covers exactly what the agent sent. */
const requiredText = (max: number, field: string) => text(max, field).regex(/\S/, `${field} is required`);

export const ZChange = z.discriminatedUnion("format", [
  z.object({ format: z.enum(["text", "json", "yaml", "sql", "hcl"]), before: text(262_144).default(""), after: text(262_144).default("") }).strict(),
  z.object({ format: z.literal("unified"), patch: text(524_288).min(1, "a unified change needs a patch") }).strict(),
  z.object({ format: z.literal("terraform-plan"), after: text(524_288).min(1, "a terraform-plan change needs `terraform show -json` output in after") }).strict(),
]);

export const ZActionRequestInput = z
  .object({
    action: requiredText(200, "action").describe("What the agent wants to do, e.g. db.export"),
    resource: requiredText(2000, "resource").describe("What it acts on"),
    environment: requiredText(100, "environment").default("production"),
    summary: requiredText(500, "summary").describe("One line for the reviewer queue"),
    reasoning: text(20_000, "reasoning").optional(),
    parameters: z.record(z.string(), z.json()).default({}).describe("The exact invocation; the approval is bound to it"),
    context: z.json().optional().describe("Free-form JSON shown to reviewers, masked"),
    change: ZChange.optional(),
    onBehalfOf: z.email("onBehalfOf must be an email address").optional(),
  })
  .strict();

export const ZExecutionReport = z
  .object({
    outcome: z.enum(["succeeded", "failed"]),
    detail: text(20_000, "detail").optional(),
    grant: z.string().min(1, "grant is required").max(10_000),
  })
  .strict();

export const ZIdempotencyKey = z
  .string({ error: "the Idempotency-Key header is required" })
  .min(1, "the Idempotency-Key header is required")
  .max(255, "Idempotency-Key must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key must be printable ASCII without spaces");

export const ZWaitSeconds = z.coerce.number().int("wait must be a whole number of seconds").min(0).max(60, "wait is at most 60 seconds");

export const ZActionRequestView = z.object({
  id: z.uuid(),
  status: z.enum(REQUEST_STATUSES),
  payloadDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  policy: z.object({
    id: z.uuid(),
    version: z.number().int(),
    rule: z.string().describe('The name of the policy rule that matched, or "default"'),
    requiredApprovals: z.number().int().describe("All approvals the stages need together (0 when the policy decided at once)"),
    stages: z
      .array(z.object({ approvals: z.number().int(), groups: z.array(z.string()) }))
      .describe("Ordered: a stage takes decisions once the one before has its approvals; empty when the policy decided at once"),
  }),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  links: z.object({ self: z.string(), console: z.url() }),
  action: z.string(),
  resource: z.string(),
  environment: z.string(),
  summary: z.string(),
  reasoning: z.string().nullable(),
  parameters: z.json(),
  context: z.json().nullable(),
  change: z.json().nullable(),
  onBehalfOf: z.string().nullable(),
  masking: z.record(z.string(), z.number().int()).describe("How many values of each kind were masked"),
  decisions: z.array(
    z.object({
      id: z.uuid(),
      decider: z.string().describe("The decider's email, or policy:<id>@<version>"),
      deciderName: z.string().nullable(),
      kind: z.enum(["user", "policy", "system"]),
      outcome: z.enum(["approve", "reject"]),
      reason: z.string().nullable(),
      breakGlass: z.boolean().describe("An emergency approval by one person alone, allowed by the rule's breakGlass; it settled the request at once"),
      decidedAt: z.iso.datetime(),
    }),
  ),
  breakGlass: z
    .object({
      approver: z.string().describe("The email of the person who broke the glass"),
      approverName: z.string().nullable(),
      at: z.iso.datetime(),
      followUp: z.object({
        status: z.enum(["open", "closed"]).describe("Open until requiredConfirmations people other than the approver and the request's parties confirm it"),
        confirmations: z.array(z.object({ confirmer: z.string(), confirmerName: z.string().nullable(), at: z.iso.datetime() })),
        requiredConfirmations: z.number().int(),
      }),
    })
    .nullable()
    .describe("Set when the request was approved by break-glass: its grant then carries the claim breakGlass: true"),
  grant: z
    .string()
    .optional()
    .describe("Compact JWS (EdDSA) present once approved; verify with /.well-known/jwks.json. Its claims include breakGlass: true when one person approved alone under break-glass"),
  execution: z.object({ outcome: z.enum(["succeeded", "failed"]), detail: z.string().nullable(), reportedAt: z.iso.datetime() }).optional(),
});

export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** A tree size in a log query: a whole number of leaves, at least 1. */
export const ZTreeSize = z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(Number.MAX_SAFE_INTEGER);

/** A leaf hash: SHA-256 in hex (either case; answered in lowercase). */
export const ZLeafHash = z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (a SHA-256 leaf hash)").transform((hex) => hex.toLowerCase());

export const ZInclusionProof = z.object({ leafIndex: z.number().int(), treeSize: z.number().int(), auditPath: z.array(z.string()) });
export const ZConsistencyProof = z.object({ from: z.number().int(), to: z.number().int(), consistencyPath: z.array(z.string()) });
export const ZReceipt = z.object({
  checkpoint: z.string().describe("The signed note (C2SP tlog-checkpoint) whose tree every auditPath proves inclusion in"),
  entries: z.array(
    z.object({
      event: z.record(z.string(), z.unknown()).describe("The event exactly as hashed: its leaf is SHA-256(0x00 ‖ JCS(event))"),
      leafIndex: z.number().int(),
      leafHash: z.string(),
      auditPath: z.array(z.string()),
    }),
  ),
});
