import "server-only";
import { randomUUID } from "node:crypto";
import { LogLevel, SocketModeClient, type Logger } from "@slack/socket-mode";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { readSlackPayload } from "@/lib/domain/chat/slack-interaction";
import { SLACK_SIGNATURE_WINDOW_SECONDS } from "@/lib/domain/chat/slack-signature";
import { log } from "@/lib/logging/logger";
import { runWithRequestId } from "@/lib/logging/request-context";
import { claimChatReplay } from "./claim-chat-replay";
import { describeErrorSafely } from "./describe-error";
import { handleSlackInteraction } from "./handle-slack-interaction";

/** An `interactive` envelope as the SDK hands it over: acknowledge it, then work on its payload. */
type InteractiveEnvelope = { ack: () => Promise<void>; envelope_id: string; body: unknown };

export type SlackSocket = {
  /** Resolves once Slack said hello; rejects when the app token is refused (the SDK does not retry that). */
  connected: Promise<void>;
  /** Resolves when every interaction received so far has been worked on. */
  idle(): Promise<void>;
  /** Closes the connection; interactions already received are still worked on (see idle). */
  stop(): Promise<void>;
};

const SOURCE = "slack-socket";

/**
 * Slack's Socket Mode, for a Countersign with no public URL: the official SocketModeClient opens a
 * WebSocket to Slack with the app-level token (xapp-…; over TLS it is what authenticates Slack, so
 * no signing secret is involved) and Slack delivers interactions over it instead of POSTing them.
 * Each `interactive` envelope is acknowledged at once (Slack waits 3 seconds, then retries with the
 * same envelope id), claimed in the replay store by its envelope id, and handed to the same
 * handleSlackInteraction as POST /api/slack/interactions. Reconnection (Slack recycles connections
 * every few hours) is the SDK's; its state is logged, never the token or a payload.
 */
export function connectSlackSocket(db: Executor, options: { appToken: string; apiUrl: string }): SlackSocket {
  const inFlight = new Set<Promise<void>>();
  const client = new SocketModeClient({ appToken: options.appToken, logger: sdkLogger(options.appToken), clientOptions: { slackApiUrl: options.apiUrl } });
  for (const state of ["connecting", "connected", "reconnecting", "disconnected"] as const) {
    client.on(state, () => log.info(`Slack Socket Mode: ${state}`, { source: SOURCE }));
  }
  client.on("interactive", (envelope: InteractiveEnvelope) => {
    const work = receive(db, envelope).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  const connected = client.start().then(
    () => undefined,
    (error: unknown) => {
      log.error("Slack Socket Mode could not connect; check SLACK_APP_TOKEN and that the app has Socket Mode on", { source: SOURCE, error: describeErrorSafely(error) });
      throw error;
    },
  );
  // The caller awaits it if it cares; an unobserved refusal must not end the worker.
  connected.catch(() => {});
  return {
    connected,
    idle: async () => void (await Promise.all(inFlight)),
    stop: () => client.disconnect(),
  };
}

async function receive(db: Executor, envelope: InteractiveEnvelope): Promise<void> {
  const requestId = randomUUID();
  await runWithRequestId(requestId, async () => {
    try {
      await envelope.ack();
      const now = new Date();
      // Envelope ids are Slack's UUIDs; prefixed so they can never meet an HTTP request's signature key.
      if (!(await claimChatReplay(db, "slack", `envelope:${envelope.envelope_id}`, now, SLACK_SIGNATURE_WINDOW_SECONDS * 1000))) {
        log.warn("Ignored a Slack envelope received before", { requestId, source: SOURCE });
        return;
      }
      await handleSlackInteraction({ db, requestId, now }, readSlackPayload(envelope.body));
    } catch (error) {
      if (error instanceof z.ZodError) log.warn("Ignored a Slack envelope that is not Slack's shape", { requestId, source: SOURCE });
      else log.error("A Slack interaction over Socket Mode failed", { requestId, source: SOURCE, error: describeErrorSafely(error) });
    }
  });
}

/**
 * The SDK's own log lines, routed to ours. Its debug lines print whole envelopes (payloads, people's
 * answers), so they are dropped whatever LOG_LEVEL says; the rest name states and Slack's error
 * codes, and lose the app token should one ever carry it.
 */
function sdkLogger(appToken: string): Logger {
  const clean = (parts: unknown[]) => parts.map(String).join(" ").split(appToken).join("[SLACK_APP_TOKEN]");
  return {
    debug: () => {},
    info: (...parts) => log.info(clean(parts), { source: SOURCE }),
    warn: (...parts) => log.warn(clean(parts), { source: SOURCE }),
    error: (...parts) => log.error(clean(parts), { source: SOURCE }),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
