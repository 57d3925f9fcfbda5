import "server-only";
import { hkdfSync } from "node:crypto";
import { z } from "zod";
import type { AgentLimits } from "@/lib/domain/agent-limits";
import { VALUE_SHAPES, type CustomField, type CustomPattern } from "@/lib/domain/masking";
import { settingsFromFiles } from "@/lib/setting-files";

/**
 * Server configuration, read once from the environment. `npm start` fills the demo values (generated
 * secrets under .data/, the embedded database, the development identity provider); operators set them
 * explicitly in production. Every variable is listed in the README's configuration table.
 */
const ZConfig = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  APP_URL: z.url().default(() => `http://localhost:${process.env.PORT ?? 3000}`),
  COUNTERSIGN_MODE: z.enum(["demo", "production"]).default("production"),
  MASKING_KEY: z.string().min(32, "MASKING_KEY must be at least 32 characters"),
  SIGNING_KEY: z.string().min(1, "SIGNING_KEY (an Ed25519 private JWK) is required"),
  // Keys that signed grants and packs before a rotation: still published and accepted, never used for new signatures.
  SIGNING_KEYS_RETIRED: z.string().optional(),
  MASKING_CUSTOM_PATTERNS: z.string().optional(),
  MASKING_CUSTOM_FIELDS: z.string().optional(),
  REVIEWER_GROUPS: z.string().default("reviewers"),
  AUDITOR_GROUPS: z.string().default("auditors"),
  ADMIN_GROUPS: z.string().default("admins"),
  // Unset (or empty) keeps /metrics shut; a short token would be guessable.
  METRICS_TOKEN: z.union([z.literal(""), z.string().min(16, "METRICS_TOKEN must be at least 16 characters")]).optional(),
  AGENT_RATE_LIMIT: z.coerce.number().int().min(0, "AGENT_RATE_LIMIT must be 0 (off) or more").default(60),
  AGENT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1, "AGENT_RATE_WINDOW_SECONDS must be at least 1").default(60),
  AGENT_MAX_PENDING: z.coerce.number().int().min(0, "AGENT_MAX_PENDING must be 0 (off) or more").default(100),
  // Only the worker signs checkpoints; the console verifies them with the public half.
  CHECKPOINT_KEY: z.string().min(1).optional(),
  CHECKPOINT_PUBLIC_KEY: z.string().min(1).optional(),
  CHECKPOINT_KEYS_RETIRED: z.string().optional(),
  CHECKPOINT_ORIGIN: z.string().regex(/^[^\s]+$/, "CHECKPOINT_ORIGIN must be one word, such as countersign.example.com/log").optional(),
  CHECKPOINT_DIR: z.string().min(1).default(".data/checkpoints"),
  // How much older than the last published checkpoint an event may claim to be before sealing flags it as backdated.
  LOG_BACKDATE_SKEW_SECONDS: z.coerce.number().int().min(0, "LOG_BACKDATE_SKEW_SECONDS must be 0 or more").default(30),
  // Where else each checkpoint goes: http(s) URLs, separated by commas or whitespace.
  CHECKPOINT_WEBHOOKS: z
    .string()
    .default("")
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: "CHECKPOINT_WEBHOOKS must list http(s) URLs, separated by commas" }))),
  CHECKPOINT_HEARTBEAT_SECONDS: z.coerce.number().int().min(1, "CHECKPOINT_HEARTBEAT_SECONDS must be at least 1").default(600),
  // Outbound webhooks: WEBHOOK_KEY (Ed25519 private JWK) signs v1a deliveries, in the worker only; the
  // console shows its public half. WEBHOOK_SECRETS_KEY seals HMAC subscriptions' whsec_ secrets.
  WEBHOOK_KEY: z.string().min(1).optional(),
  WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
  WEBHOOK_SECRETS_KEY: z.string().min(32, "WEBHOOK_SECRETS_KEY must be at least 32 characters").optional(),
  // Private ranges webhooks may reach anyway (CIDRs, comma-separated): the SSRF guard's explicit exceptions.
  WEBHOOK_ALLOWED_NETWORKS: z.string().default(""),
  // The SIEM stream: every sealed event, in seq order, POSTed as NDJSON.
  SIEM_URL: z.url({ protocol: /^https?$/, error: "SIEM_URL must be an http(s) URL" }).optional(),
  SIEM_FORMAT: z.enum(["ndjson", "splunk-hec", "elastic-bulk"]).default("ndjson"),
  SIEM_TOKEN: z.string().min(1).optional(),
  SIEM_ELASTIC_INDEX: z.string().min(1).default("countersign-events"),
  SIEM_SYSLOG_URL: z.url({ protocol: /^syslog\+tls$/, error: "SIEM_SYSLOG_URL must be syslog+tls://host:port" }).optional(),
  // Chat (Slack, Teams). CHAT_LINK_KEY signs the short-lived links a chat hands out (unset: derived
  // from MASKING_KEY); CHAT_ALWAYS_STEP_UP sends every chat decision to the console.
  CHAT_LINK_KEY: z.string().min(32, "CHAT_LINK_KEY must be at least 32 characters").optional(),
  CHAT_ALWAYS_STEP_UP: z.enum(["true", "false"], { error: "CHAT_ALWAYS_STEP_UP must be true or false" }).default("false"),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  // Socket Mode: the worker connects out to Slack with this app-level token instead of Slack calling in.
  SLACK_APP_TOKEN: z.string().startsWith("xapp-", "SLACK_APP_TOKEN must be an app-level token (xapp-…)").optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: "SLACK_API_URL must be an http(s) URL" }).default("https://slack.com/api/"),
  SEALING_STALL_SECONDS: z.coerce.number().int().min(1, "SEALING_STALL_SECONDS must be at least 1").default(60),
  // Evidence packs built in the background: written here (mode 0600), removed this long after they are done.
  EVIDENCE_EXPORT_DIR: z.string().min(1).default(".data/exports"),
  EVIDENCE_EXPORT_RETENTION_HOURS: z.coerce.number().min(0.01, "EVIDENCE_EXPORT_RETENTION_HOURS must be more than 0").default(24),
  // Microsoft Teams: the bot's app registration. Unset TEAMS_APP_ID keeps /api/teams/messages shut.
  TEAMS_APP_ID: z.string().min(1).optional(),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  TEAMS_TENANT_ID: z.string().min(1).optional(),
  TEAMS_OPENID_METADATA: z
    .url({ protocol: /^https?$/, error: "TEAMS_OPENID_METADATA must be an http(s) URL" })
    .default("https://login.botframework.com/v1/.well-known/openidconfiguration"),
  // Teams sign-in inside the card (SSO token exchange): the Application ID URI exposed on the console's
  // own OIDC app registration (api://…), and the name the invoke's login request carries.
  TEAMS_SSO_RESOURCE: z.string().min(1).optional(),
  TEAMS_SSO_CONNECTION: z.string().min(1).max(128).default("countersign"),
});

export type Config = {
  appUrl: string;
  demoMode: boolean;
  maskingKey: string;
  signingKeyJwk: string;
  /** SIGNING_KEYS_RETIRED as given: a JSON array of Ed25519 JWKs, or a JWK set. */
  retiredSigningKeys: string | undefined;
  maskingCustomPatterns: CustomPattern[];
  maskingCustomFields: CustomField[];
  groupRoles: { reviewer: string[]; auditor: string[]; admin: string[] };
  metricsToken: string | undefined;
  agentLimits: AgentLimits;
  checkpoint: {
    keyJwk: string | undefined;
    publicKeyJwk: string | undefined;
    retiredKeys: string | undefined;
    origin: string;
    dir: string;
    backdateSkewSeconds: number;
    webhooks: string[];
    heartbeatSeconds: number;
  };
  /** Past this age of the oldest unsealed event, sealing counts as stalled (fail closed). */
  sealingStallSeconds: number;
  webhooks: {
    keyJwk: string | undefined;
    publicKeyJwk: string | undefined;
    secretsKey: string | undefined;
    /** CIDRs the SSRF guard lets through although they are not public. */
    allowedNetworks: string[];
  };
  siem: { url: string | undefined; format: "ndjson" | "splunk-hec" | "elastic-bulk"; token: string | undefined; elasticIndex: string; syslogUrl: string | undefined };
  chat: {
    /** HMAC key of the links a chat hands out (link your account, decide in the console). */
    linkKey: Uint8Array;
    /** Every chat decision goes to the console (its sign-in and step-up), never decided in the chat. */
    alwaysStepUp: boolean;
  };
  /** Slack is on when both the bot token and the signing secret are set. */
  slack: { botToken: string | undefined; signingSecret: string | undefined; appToken: string | undefined; apiUrl: string };
  /** Background evidence exports: where their files go, and how long they are kept. */
  evidenceExports: { dir: string; retentionMs: number };
  /**
   * The Teams bot, when TEAMS_APP_ID is set: inbound activities must carry a Bot Connector token for
   * this app id, checked against the keys the OpenID metadata names; outbound calls get a token for
   * the app password from Entra ID (none configured: no Authorization header, for the local stand-in).
   */
  teams:
    | {
        appId: string;
        appPassword: string | undefined;
        tenantId: string | undefined;
        openIdMetadataUrl: string;
        /** The token exchange: `resource` unset keeps the login request a plain sign-in link. */
        sso: { resource: string | undefined; connectionName: string };
      }
    | undefined;
};

let cached: Config | undefined;

export function getConfig(): Config {
  if (cached) return cached;
  const env = ZConfig.parse({ ...process.env, ...settingsFromFiles(process.env) });
  const list = (value: string) => value.split(",").map((group) => group.trim()).filter(Boolean);
  cached = {
    appUrl: env.APP_URL.replace(/\/$/, ""),
    demoMode: env.COUNTERSIGN_MODE === "demo",
    maskingKey: env.MASKING_KEY,
    signingKeyJwk: env.SIGNING_KEY,
    retiredSigningKeys: env.SIGNING_KEYS_RETIRED,
    maskingCustomPatterns: parseCustomPatternsSetting(env.MASKING_CUSTOM_PATTERNS),
    maskingCustomFields: parseCustomFieldsSetting(env.MASKING_CUSTOM_FIELDS),
    groupRoles: { reviewer: list(env.REVIEWER_GROUPS), auditor: list(env.AUDITOR_GROUPS), admin: list(env.ADMIN_GROUPS) },
    metricsToken: env.METRICS_TOKEN || undefined,
    agentLimits: { requestsPerWindow: env.AGENT_RATE_LIMIT, windowSeconds: env.AGENT_RATE_WINDOW_SECONDS, maxPending: env.AGENT_MAX_PENDING },
    checkpoint: {
      keyJwk: env.CHECKPOINT_KEY,
      publicKeyJwk: env.CHECKPOINT_PUBLIC_KEY,
      retiredKeys: env.CHECKPOINT_KEYS_RETIRED,
      origin: env.CHECKPOINT_ORIGIN ?? `${new URL(env.APP_URL).host}/countersign-log`,
      dir: env.CHECKPOINT_DIR,
      backdateSkewSeconds: env.LOG_BACKDATE_SKEW_SECONDS,
      webhooks: env.CHECKPOINT_WEBHOOKS,
      heartbeatSeconds: env.CHECKPOINT_HEARTBEAT_SECONDS,
    },
    sealingStallSeconds: env.SEALING_STALL_SECONDS,
    webhooks: {
      keyJwk: env.WEBHOOK_KEY,
      publicKeyJwk: env.WEBHOOK_PUBLIC_KEY,
      secretsKey: env.WEBHOOK_SECRETS_KEY,
      allowedNetworks: list(env.WEBHOOK_ALLOWED_NETWORKS),
    },
    siem: { url: env.SIEM_URL, format: env.SIEM_FORMAT, token: env.SIEM_TOKEN, elasticIndex: env.SIEM_ELASTIC_INDEX, syslogUrl: env.SIEM_SYSLOG_URL },
    chat: { linkKey: chatLinkKey(env.CHAT_LINK_KEY, env.MASKING_KEY), alwaysStepUp: env.CHAT_ALWAYS_STEP_UP === "true" },
    slack: { botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, appToken: env.SLACK_APP_TOKEN, apiUrl: env.SLACK_API_URL.endsWith("/") ? env.SLACK_API_URL : `${env.SLACK_API_URL}/` },
    evidenceExports: { dir: env.EVIDENCE_EXPORT_DIR, retentionMs: env.EVIDENCE_EXPORT_RETENTION_HOURS * 3_600_000 },
    teams: env.TEAMS_APP_ID
      ? {
          appId: env.TEAMS_APP_ID,
          appPassword: env.TEAMS_APP_PASSWORD,
          tenantId: env.TEAMS_TENANT_ID,
          openIdMetadataUrl: env.TEAMS_OPENID_METADATA,
          sso: { resource: env.TEAMS_SSO_RESOURCE, connectionName: env.TEAMS_SSO_CONNECTION },
        }
      : undefined,
  };
  return cached;
}

/**
 * CHAT_LINK_KEY, or a key derived from MASKING_KEY (HKDF-SHA256, its own label) so a deployment needs
 * no extra secret: the derived key reveals nothing of the masking key and serves nothing else.
 */
function chatLinkKey(configured: string | undefined, maskingKey: string): Uint8Array {
  const ikm = configured ?? maskingKey;
  return new Uint8Array(hkdfSync("sha256", ikm, "", "countersign chat link state v1", 32));
}

const ZCustomPatterns = z.array(
  z.object({ kind: z.string().min(1), pattern: z.string().min(1), description: z.string().optional() }).strict(),
);

const ZCustomFields = z.array(
  z
    .object({
      field: z.string().min(1),
      kind: z.string().min(1),
      shape: z.enum(VALUE_SHAPES).optional(),
    })
    .strict(),
);

/** A masking setting that holds a JSON array, named in its errors with the shape expected. */
function parseJsonArraySetting<T>(name: string, text: string | undefined, schema: z.ZodType<T[]>, expected: string): T[] {
  if (!text?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not valid JSON: expected an array of ${expected}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]; // a failed parse has at least one
    throw new Error(`${name} is not valid at ${issue?.path.join(".") || "the top level"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/**
 * MASKING_CUSTOM_PATTERNS: a JSON array of {kind, pattern, description?}. Whether each pattern
 * compiles (under RE2) is checked when the masker is built, which the launcher does at start.
 */
export function parseCustomPatternsSetting(text: string | undefined): CustomPattern[] {
  return parseJsonArraySetting("MASKING_CUSTOM_PATTERNS", text, ZCustomPatterns, '{"kind": …, "pattern": …}');
}

/**
 * MASKING_CUSTOM_FIELDS: a JSON array of {field, kind, shape?}: values under that field or column
 * name, in any spelling (`member_no`, `memberNumber`), are masked as `kind` if they have the shape
 * (default "any"). Checked when the masker is built, like the patterns.
 */
export function parseCustomFieldsSetting(text: string | undefined): CustomField[] {
  return parseJsonArraySetting("MASKING_CUSTOM_FIELDS", text, ZCustomFields, '{"field": …, "kind": …, "shape"?: …}');
}
