import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";
import { appendEvents } from "@/db/event-store";
import { webhookSubscriptions } from "@/db/schema";
import { getConfig } from "@/lib/config";
import type { SystemActor, UserActor } from "@/lib/domain/actor";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { displayUrl } from "@/lib/domain/webhooks/display-url";
import { parseEventTypes } from "@/lib/domain/webhooks/event-types";
import { SECRET_PREFIX } from "@/lib/domain/webhooks/standard-webhooks";
import { ServiceError } from "./errors";
import { getMasker } from "./masker";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";
import { getWebhookPublicKey } from "./webhook-key";
import { sealWebhookSecret } from "./webhook-secrets";
import { isAllowedTarget } from "./webhook-target";

export type WebhookSigning = "ed25519" | "hmac";

/** The console's body for a new subscription: `events` as the CLI takes it, comma-separated (empty: every event). */
export const ZAddWebhook = z.object({
  url: z.string().max(2000),
  events: z.string().max(2000).optional(),
  signing: z.enum(["ed25519", "hmac"]).optional(),
});

export type AddedWebhook = {
  id: string;
  /** The URL as given: shown to whoever added it, stored only sealed. */
  url: string;
  events: string[];
  signing: WebhookSigning;
  /** What receivers verify v1a signatures with (`whpk_…`). */
  publicKey: string;
  /** An HMAC subscription's `whsec_` secret: shown here once, stored only sealed. */
  secret?: string;
  createdAt: string;
};

const MAX_URL_LENGTH = 2000;

/**
 * Subscribes a URL to events (all, or the types listed). Deliveries are owed from the next event on.
 * People need `administer`; operators (the CLI) act as the system. Outside demo mode the URL must be
 * https; the SSRF guard refuses private targets again at every attempt, after DNS resolution.
 */
export async function addWebhook(
  ctx: ServiceContext<UserActor | SystemActor>,
  input: { url: string; events?: string; signing?: WebhookSigning },
): Promise<AddedWebhook> {
  const { actor, now } = ctx;
  if (actor.kind === "user") requireCapability(actor, "administer");
  const url = parseTargetUrl(input.url);
  let events: string[];
  try {
    events = parseEventTypes(input.events);
  } catch (error) {
    throw invalid("events", (error as Error).message);
  }
  const signing = input.signing ?? "ed25519";
  if (signing !== "ed25519" && signing !== "hmac") throw invalid("signing", "signing must be ed25519 or hmac");
  const secret = signing === "hmac" ? `${SECRET_PREFIX}${randomBytes(32).toString("base64")}` : undefined;
  const id = randomUUID();
  const shown = displayUrl(url, (text) => getMasker().maskText(text).text);
  const publicKey = getWebhookPublicKey();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(webhookSubscriptions).values({
      id,
      url: shown,
      sealedUrl: sealWebhookSecret(url.href),
      eventTypes: events,
      signing,
      sealedSecret: secret ? sealWebhookSecret(secret) : null,
      createdBy: toRecordedActor(actor).id,
      createdAt: now,
    });
    await appendEvents(tx, [{ type: "webhook.subscribed", streamType: "webhook", streamId: id, actor: toRecordedActor(actor), data: { url: shown, events, signing } }], {
      now,
      correlationId: ctx.requestId,
    });
  });
  return { id, url: url.href, events, signing, publicKey, ...(secret && { secret }), createdAt: now.toISOString() };
}

function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid("url", "url must be an absolute http(s) URL");
  }
  if (text.length > MAX_URL_LENGTH) throw invalid("url", `url must be at most ${MAX_URL_LENGTH} characters`);
  const { demoMode } = getConfig();
  if (url.protocol !== "https:" && !(demoMode && url.protocol === "http:")) throw invalid("url", demoMode ? "url must be http(s)" : "url must be https (plain http is allowed in demo mode only)");
  if (url.username || url.password) throw invalid("url", "url must not carry a user or password");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Names are checked at each attempt, after resolution; a literal address or localhost can be refused now.
  const literal = isIP(host) ? host : host === "localhost" ? "127.0.0.1" : null;
  if (literal && !isAllowedTarget(literal)) throw invalid("url", "url points at a private, loopback or link-local address, which webhooks may not reach");
  return url;
}

const invalid = (path: string, message: string) => new ServiceError("VALIDATION", "The webhook is not valid.", [{ path, message }]);
