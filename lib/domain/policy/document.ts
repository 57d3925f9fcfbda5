import { z } from "zod";
import { compileCondition } from "./condition";
import { parseDuration } from "./duration";
import { RISK_SIGNALS } from "./risk-signal-names";

/**
 * The policy document (YAML in the console and CLI, JSON through the API). Objects are strict: a
 * misspelt key in a security policy (`stage:` for `stages:`) must be an error, not silently ignored.
 * Messages are written to follow a field path: `rules[1].stages[0].approvals: must be at least 1`.
 */

const name = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const group = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const groups = z.array(group).min(1, "must name at least one group").max(50, "must name at most 50 groups");

/** One glob or a list of them; a request matches when any of them matches. */
const globs = z
  .union([z.string(), z.array(z.string()).min(1, "must not be an empty list").max(100, "must list at most 100 patterns")], {
    error: "must be a pattern or a list of patterns",
  })
  .transform((value) => (typeof value === "string" ? [value] : value))
  .pipe(
    z.array(
      z
        .string()
        .min(1, "must not be empty")
        .max(500, "must be at most 500 characters")
        .refine((pattern) => !pattern.startsWith("!"), { error: "cannot be negated: put a rule for the exception first" })
        // Each further wildcard multiplies the backtracking an agent's crafted resource can force:
        // two keep a 2,000-character match under a millisecond, three already take seconds.
        .refine((pattern) => (pattern.match(/\*+/g) ?? []).length <= 2, { error: "may use at most two wildcards (* or **)" }),
    ),
  );

const duration = (max: number, maxText: string) =>
  z.string({ error: "must be a duration such as 30m or 1h" }).refine(
    (text) => {
      const seconds = parseDuration(text);
      return seconds !== null && seconds <= max;
    },
    { error: `must be a duration such as 30m or 1h, at most ${maxText}` },
  );

export const stageSchema = z.strictObject({
  approvals: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(20, "must be at most 20"),
  groups,
});

export const matchSchema = z.strictObject({
  action: globs.optional(),
  resource: globs.optional(),
  environment: globs.optional(),
  /** The agent's name or id (globs allowed). */
  agent: globs.optional(),
  /** Any of the agent owner's groups. */
  ownerGroups: groups.optional(),
  /** Any of these risk signals. */
  risk: z.array(z.enum(RISK_SIGNALS, { error: `must be one of ${RISK_SIGNALS.join(", ")}` })).min(1, "must not be an empty list").optional(),
});

const condition = z
  .string({ error: "must be a CEL expression" })
  .max(2000, "must be at most 2000 characters")
  .superRefine((source, ctx) => {
    const compiled = compileCondition(source);
    if (!compiled.ok) ctx.addIssue({ code: "custom", message: `is not a valid condition: ${compiled.error}` });
  });

const denyOutcome = {
  outcome: z.literal("deny"),
  /** Told to the agent. */
  message: z.string().trim().min(1, "must not be empty").max(1000, "must be at most 1000 characters").optional(),
};

/**
 * A high-risk rule issues no grant while sealing has stalled (the log cannot put the decision on record
 * outside the database): its requests wait until sealing recovers.
 */
const highRisk = z.boolean({ error: "must be true or false" }).optional();

const autoApproveOutcome = {
  outcome: z.literal("auto-approve"),
  highRisk,
  grantValidity: duration(86_400, "24h").optional(),
  /** Auto-approving in production is refused by the linter unless the author writes this down. */
  acknowledge: z.literal("production-auto-approve", { error: "must be production-auto-approve" }).optional(),
};

const requireOutcome = {
  outcome: z.literal("require"),
  /** Ordered: stage 2 opens once stage 1 has its approvals. */
  stages: z.array(stageSchema, { error: "must be a list of stages" }).min(1, "must have at least one stage").max(10, "must have at most 10 stages"),
  /** How long the request may wait for its approvals. */
  ttl: duration(30 * 86_400, "30d").optional(),
  /** How long the grant, once issued, may be used. */
  grantValidity: duration(86_400, "24h").optional(),
  reasonRequired: z.array(z.enum(["approve", "reject"], { error: "must be approve or reject" })).max(2).optional(),
  highRisk,
  /** The approver must have authenticated within this many minutes. */
  stepUp: z.number({ error: "must be a number of minutes" }).int("must be a whole number").min(1, "must be at least 1").max(1440, "must be at most 1440").optional(),
  /** One eligible person from these groups may approve alone, with a reason, when quorum cannot be reached. */
  breakGlass: z.strictObject({ groups }).optional(),
};

const ruleHead = { name, match: matchSchema.optional(), when: condition.optional() };

export const ruleSchema = z.discriminatedUnion(
  "outcome",
  [z.strictObject({ ...ruleHead, ...denyOutcome }), z.strictObject({ ...ruleHead, ...autoApproveOutcome }), z.strictObject({ ...ruleHead, ...requireOutcome })],
  { error: "must be deny, auto-approve or require" },
);

export const defaultSchema = z.discriminatedUnion(
  "outcome",
  [z.strictObject(denyOutcome), z.strictObject(autoApproveOutcome), z.strictObject(requireOutcome)],
  { error: "must be deny, auto-approve or require" },
);

export const policyDocumentSchema = z
  .strictObject({
    name,
    rules: z.array(ruleSchema, { error: "must be a list of rules" }).max(1000, "must have at most 1000 rules").default([]),
    default: defaultSchema,
  })
  .superRefine((document, ctx) => {
    const seen = new Map<string, number>();
    document.rules.forEach((rule, index) => {
      // Requests record the rule that matched by name: two rules with one name would make that ambiguous.
      if (seen.has(rule.name)) ctx.addIssue({ code: "custom", path: ["rules", index, "name"], message: `repeats the name of rules[${seen.get(rule.name)}]` });
      else seen.set(rule.name, index);
      if (rule.name === "default") ctx.addIssue({ code: "custom", path: ["rules", index, "name"], message: `"default" is the name of the document's default` });
    });
  });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyRule = PolicyDocument["rules"][number];
export type PolicyDefault = PolicyDocument["default"];
export type PolicyMatch = z.infer<typeof matchSchema>;
export type PolicyStage = z.infer<typeof stageSchema>;
/** What a rule or the default decides, without the rule's name, match and condition. */
export type PolicyOutcomeSpec = PolicyDefault;
