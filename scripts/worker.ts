/**
 * The background worker `npm start` runs beside the console: seals the event log every ~200 ms,
 * signs and publishes a checkpoint of its Merkle tree every few seconds while it grows (and a
 * heartbeat, the same tree signed again, when it has not grown for a while) to the directory sink and
 * the webhooks, expires
 * overdue requests and releases automatic approvals held while sealing had stalled, every few seconds;
 * works the webhook outbox (a fresh lane and a retry lane, side by side) and streams sealed events to
 * the SIEM (SIEM_URL) behind its cursor, and feeds sealed events through the control tests for the
 * auditor's overview behind another; builds background evidence exports and removes their files
 * once expired; with SLACK_APP_TOKEN, holds Slack's Socket Mode connection and works the clicks it
 * brings. Coordination happens in PostgreSQL (the sealer's row lock,
 * SKIP LOCKED), so any number of workers may run against one database.
 *
 * The sealer connects as DATABASE_SEALER_URL, a member of countersign_sealer, the only role that may
 * write the chain; everything else runs as DATABASE_URL, the app's role, like the console.
 */
import { createDatabase, getDb } from "../db/client";
import { routeConsoleToLogger } from "../lib/logging/console-to-logger";
import { log } from "../lib/logging/logger";
import { getConfig } from "../lib/config";
import { connectSlackSocket } from "../lib/services/connect-slack-socket";
import { auditLogAgainstSink } from "../lib/services/audit-log-against-sink";
import { getCheckpointSigner, getCheckpointVerifiers } from "../lib/services/checkpoint-key";
import { createWebhookSinks } from "../lib/services/checkpoint-webhooks";
import { expirePendingRequests } from "../lib/services/expire-pending-requests";
import { materialiseControlResults } from "../lib/services/materialise-control-results";
import { purgeEvidenceExports } from "../lib/services/purge-evidence-exports";
import { runEvidenceExport } from "../lib/services/run-evidence-export";
import { publishCheckpoint } from "../lib/services/publish-checkpoint";
import { recordWebhookOutcome } from "../lib/services/record-webhook-outcome";
import { releaseHeldApprovals } from "../lib/services/release-held-approvals";
import { describeErrorSafely } from "../lib/services/describe-error";
import { sealEvents } from "../lib/services/seal-events";
import { streamToSiem } from "../lib/services/stream-to-siem";
import { streamToSyslog } from "../lib/services/stream-to-syslog";
import { createWebhookLane } from "../lib/services/webhook-lane";
import { newServiceContext } from "../lib/services/service-context";
import { repeat } from "./lib/repeat";

routeConsoleToLogger("worker");

const SEAL_EVERY_MS = 200;
const EXPIRE_EVERY_MS = 5_000;
// Well within the 10 s a checkpoint may lag the log; a run with nothing new signs nothing.
const PUBLISH_EVERY_MS = 5_000;
// How soon a new event's webhook goes out when the outbox was empty, and a due retry is noticed.
const OUTBOX_EVERY_MS = 250;
const RETRY_EVERY_MS = 1_000;
const SIEM_EVERY_MS = 1_000;
// The auditor's control results follow the sealed log within a second or two.
const CONTROL_RESULTS_EVERY_MS = 1_000;
// Background evidence exports: a queued one starts within a second; expired files go within a minute.
const EXPORTS_EVERY_MS = 1_000;
const PURGE_EXPORTS_EVERY_MS = 60_000;

/** Aborted on SIGTERM or SIGINT: ends the loops, and wakes them from their rest at once. */
const stopping = new AbortController();
process.on("SIGTERM", () => stopping.abort());
process.on("SIGINT", () => stopping.abort());

async function main() {
  const sealerUrl = process.env.DATABASE_SEALER_URL;
  if (!sealerUrl) {
    log.error("DATABASE_SEALER_URL is not set: the sealer needs a login that is a member of countersign_sealer (see the README's configuration).", { source: "worker" });
    process.exit(1);
  }
  const db = getDb();
  const sealer = createDatabase(sealerUrl, { max: 1 });
  const signer = getCheckpointSigner();
  // The sink's checkpoints may be signed by a key rotated out since (CHECKPOINT_KEYS_RETIRED).
  const accepted = [signer, ...getCheckpointVerifiers()];
  const { dir, webhooks, heartbeatSeconds } = getConfig().checkpoint;
  // Every checkpoint also goes to the webhooks, in the background: a failing one delays nothing.
  const webhookSinks = createWebhookSinks(webhooks, signer, {
    signal: stopping.signal,
    // Kept in PostgreSQL so /metrics on any console reports each sink.
    onOutcome: (outcome) =>
      void recordWebhookOutcome(db, outcome, new Date()).catch((error: unknown) => log.warn("Could not record a webhook sink's outcome", { source: "worker", error: describeErrorSafely(error) })),
  });
  // A log rewritten while no worker ran is caught here: sealing on top of it would bury the rewrite.
  const audit = await auditLogAgainstSink(sealer, accepted, dir);
  const sealing = !audit || audit.ok;
  if (!sealing) {
    log.error(`The log does not extend the last checkpoint published in ${dir}: ${audit.problem}. Sealing and publishing stay off until an operator investigates.`, { source: "worker", firstBadSeq: audit.firstBadSeq });
  }
  // Reports no work done, so repeat() rests between rounds: one checkpoint per round, not one per seal.
  // A round with nothing new re-signs the tree once it is heartbeatSeconds old.
  const publish = async () => {
    const published = await publishCheckpoint(sealer, signer, dir, { accepted, now: new Date(), heartbeatSeconds });
    if (published) webhookSinks.publish(published);
    return 0;
  };
  const freshWebhooks = createWebhookLane(db, "fresh", { signal: stopping.signal });
  const retriedWebhooks = createWebhookLane(db, "retry", { signal: stopping.signal });
  const { siem } = getConfig();
  const { url: siemUrl, syslogUrl } = siem;
  // Slack delivers each envelope to one of an app's connections (up to 10), so every worker may hold one.
  const { appToken, apiUrl } = getConfig().slack;
  const slackSocket = appToken ? connectSlackSocket(db, { appToken, apiUrl }) : null;
  await Promise.all([
    sealing && repeat("sealer", SEAL_EVERY_MS, () => sealEvents(sealer), stopping.signal),
    sealing && repeat("checkpoints", PUBLISH_EVERY_MS, publish, stopping.signal),
    repeat("expiry", EXPIRE_EVERY_MS, () => expirePendingRequests(newServiceContext(db, { kind: "system", id: "worker" })), stopping.signal),
    // High-risk automatic approvals held while sealing had stalled get their grant once it recovers.
    repeat("held approvals", EXPIRE_EVERY_MS, () => releaseHeldApprovals(newServiceContext(db, { kind: "system", id: "worker" })), stopping.signal),
    repeat("webhook deliveries", OUTBOX_EVERY_MS, () => freshWebhooks.fill(), stopping.signal),
    repeat("webhook retries", RETRY_EVERY_MS, () => retriedWebhooks.fill(), stopping.signal),
    repeat("control results", CONTROL_RESULTS_EVERY_MS, () => materialiseControlResults(db), stopping.signal),
    repeat("evidence exports", EXPORTS_EVERY_MS, () => runEvidenceExport(db), stopping.signal),
    repeat("expired evidence exports", PURGE_EXPORTS_EVERY_MS, () => purgeEvidenceExports(db), stopping.signal),
    siemUrl && repeat("SIEM stream", SIEM_EVERY_MS, () => streamToSiem(db, { ...siem, url: siemUrl }, { signal: stopping.signal }), stopping.signal),
    syslogUrl && repeat("syslog stream", SIEM_EVERY_MS, () => streamToSyslog(db, syslogUrl, { hostname: new URL(getConfig().appUrl).hostname }), stopping.signal),
  ]);
  await slackSocket?.stop();
  await Promise.all([freshWebhooks.idle(), retriedWebhooks.idle(), slackSocket?.idle()]);
  await Promise.all([db.$client.end({ timeout: 5 }), sealer.$client.end({ timeout: 5 })]);
}

void main();
