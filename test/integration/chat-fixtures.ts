import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookDeliveries } from "../../db/schema";
import { buttonsOf, type DevSlack, type DevSlackMessage } from "../../lib/dev-slack/server";
import type { ChatIdentity, UserActor } from "../../lib/domain/actor";
import { issueChatLink } from "../../lib/services/issue-chat-link";
import { redeemChatLink } from "../../lib/services/redeem-chat-link";
import { newServiceContext } from "../../lib/services/service-context";
import { createWebhookLane } from "../../lib/services/webhook-lane";
import { submitSample, type SeededAgent } from "./fixtures";

/** Links a chat identity to `person` the way a person does: a link issued in the chat, redeemed signed in. */
export async function linkChatIdentity(db: Database, person: UserActor, identity: ChatIdentity) {
  const url = await issueChatLink(db, identity, { purpose: "link" }, new Date());
  return redeemChatLink(newServiceContext(db, person), new URL(url).searchParams.get("state")!);
}

/** Works the outbox's fresh and retry lanes, as the worker does, until nothing is owed. */
export async function drainOutbox(db: Database): Promise<void> {
  const options = { retryDelaysMs: [20, 20, 20], random: () => 0.5, timeoutMs: 5_000 };
  const lanes = [createWebhookLane(db, "fresh", options), createWebhookLane(db, "retry", options)];
  const deadline = Date.now() + 10_000;
  for (;;) {
    await Promise.all(lanes.map((lane) => lane.fill()));
    await Promise.all(lanes.map((lane) => lane.idle()));
    const [owed] = await db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries).where(eq(webhookDeliveries.status, "pending"));
    if (owed!.n === 0) return;
    if (Date.now() > deadline) throw new Error("the outbox did not empty in time");
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

/** A new pending request from `agent`, delivered to the Slack stand-in's `channel`; its message there. */
export async function postedToSlack(db: Database, agent: SeededAgent, slack: DevSlack, channel: string): Promise<{ id: string; message: DevSlackMessage }> {
  const { id } = await submitSample(db, agent);
  await drainOutbox(db);
  const message = slack.messages(channel).find((candidate) => buttonsOf(candidate).some((button) => button.value === id));
  if (!message) throw new Error("the request was not posted");
  return { id, message };
}
