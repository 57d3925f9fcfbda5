import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { comments, events, users } from "../../db/schema";
import { addComment } from "../../lib/services/add-comment";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { listNotifications } from "../../lib/services/list-notifications";
import { markNotificationsRead } from "../../lib/services/mark-notifications-read";
import { recordRequestView } from "../../lib/services/record-request-view";
import { resolveComment } from "../../lib/services/resolve-comment";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, bob, carol, erin, seedAgent, submitSample, user, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

/** Threaded comments, mentions that notify, questions marked answered, and "since you last looked". */
let db: Database;
let agent: SeededAgent;
const as = <A extends Parameters<typeof newServiceContext>[1]>(actor: A) => newServiceContext(db, actor);

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  // Mentions name people who have signed in and may read requests.
  await db.insert(users).values([
    { id: randomUUID(), email: alice.email, name: "Alice Anders", groups: alice.groups },
    { id: randomUUID(), email: bob.email, name: "Bob Brandt", groups: bob.groups },
    { id: randomUUID(), email: erin.email, name: "Erin Ellis", groups: erin.groups },
    { id: randomUUID(), email: "nobody@example.com", name: "No Role", groups: ["visitors"] },
  ]);
});

const eventsOf = async (requestId: string, type: string) =>
  (await db.select().from(events).where(and(eq(events.streamId, requestId), eq(events.type, type))).orderBy(asc(events.id))).map((e) => e.data as Record<string, unknown>);

describe("comment replies and mentions", () => {
  it("records a reply in the asker's thread and notifies the mentioned reviewer and the asker, masked", async () => {
    const request = await submitSample(db, agent);
    const question = await addComment(as(alice), request.id, "Which ticket is this for?");
    const reply = await addComment(as(erin), request.id, "OPS-1234, @bob@example.com can confirm; token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", { replyTo: question.id });
    expect(reply.mentions).toEqual(["bob@example.com"]);

    const [, added] = await eventsOf(request.id, "comment.added");
    expect(added).toMatchObject({ commentId: reply.id, replyTo: question.id, mentions: ["bob@example.com"] });
    expect(JSON.stringify(added)).not.toContain("ghp_0123456789");

    const bobInbox = await listNotifications(as(bob));
    expect(bobInbox.unread).toBe(1);
    expect(bobInbox.items).toMatchObject([{ commentId: reply.id, requestId: request.id, kind: "mention", actor: erin.email, requestSummary: request.summary ?? expect.any(String), read: false }]);
    expect((await listNotifications(as(alice))).items).toMatchObject([{ commentId: reply.id, kind: "reply" }]);
    // The author is not notified of their own comment.
    expect((await listNotifications(as(erin))).unread).toBe(0);

    const detail = await getRequestDetail(db, alice, request.id);
    expect(detail.comments.map((c) => [c.id, c.replyTo, c.notified])).toEqual([
      [question.id, null, []],
      [reply.id, question.id, ["alice@example.com", "bob@example.com"]],
    ]);
  });

  it("joins a reply to a reply to the same thread, one level deep", async () => {
    const request = await submitSample(db, agent);
    const question = await addComment(as(alice), request.id, "Why now?");
    const first = await addComment(as(bob), request.id, "Quarter end.", { replyTo: question.id });
    const second = await addComment(as(alice), request.id, "Thanks.", { replyTo: first.id });
    const [row] = await db.select().from(comments).where(eq(comments.id, second.id));
    expect(row?.replyTo).toBe(question.id);
  });

  it("names nobody who has not signed in or may not read requests", async () => {
    const request = await submitSample(db, agent);
    const { mentions } = await addComment(as(alice), request.id, "@nobody@example.com @mallory @bob");
    expect(mentions).toEqual(["bob@example.com"]);
  });

  it("refuses a reply to a comment on another request, an empty comment, and an auditor, writing nothing", async () => {
    const request = await submitSample(db, agent);
    const elsewhere = await submitSample(db, agent);
    const foreign = await addComment(as(alice), elsewhere.id, "On the other one");
    await expect(addComment(as(bob), request.id, "reply", { replyTo: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addComment(as(bob), request.id, "reply", { replyTo: "not-a-uuid" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addComment(as(bob), request.id, "   ")).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addComment(as(carol), request.id, "@bob look")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await eventsOf(request.id, "comment.added")).toEqual([]);
  });
});

describe("marking a question answered", () => {
  it("lets the asker or any reviewer mark a thread's first comment answered, once, and no one else", async () => {
    const request = await submitSample(db, agent);
    const question = await addComment(as(alice), request.id, "Is the export encrypted?");
    const reply = await addComment(as(bob), request.id, "Yes, with the team key.", { replyTo: question.id });
    const adminsQuestion = await addComment(as(user("dave@example.com", ["admins"])), request.id, "Who owns this agent?");

    await expect(resolveComment(as(carol), request.id, question.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resolveComment(as(bob), request.id, reply.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await expect(resolveComment(as(bob), request.id, randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    // An administrator is not a reviewer: they may mark their own question answered, not another's.
    await expect(resolveComment(as(user("frank@example.com", ["admins"])), request.id, question.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    await resolveComment(as(bob), request.id, question.id);
    await expect(resolveComment(as(alice), request.id, question.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await resolveComment(as(user("dave@example.com", ["admins"])), request.id, adminsQuestion.id);

    expect(await eventsOf(request.id, "comment.resolved")).toEqual([
      { commentId: question.id, resolverName: "bob" },
      { commentId: adminsQuestion.id, resolverName: "dave" },
    ]);
    const detail = await getRequestDetail(db, alice, request.id);
    expect(detail.comments.find((c) => c.id === question.id)?.resolved).toMatchObject({ by: bob.email });
    expect(detail.comments.every((c) => !c.canResolve)).toBe(true);
  });
});

describe("since you last looked", () => {
  it("remembers the newest event each person saw, never moving back, and reads their notifications about it", async () => {
    const request = await submitSample(db, agent);
    await addComment(as(alice), request.id, "@bob have a look");
    const before = await getRequestDetail(db, bob, request.id);
    expect(before.viewer.lastSeenEventId).toBeNull();
    const newest = Math.max(...before.timeline.map((e) => e.id));

    await recordRequestView(as(bob), request.id, newest);
    expect((await listNotifications(as(bob))).items.find((n) => n.requestId === request.id)?.read).toBe(true);
    await addComment(as(alice), request.id, "One more thing");
    // An older tab reporting an older view does not move the mark back; a claim past the newest event is capped.
    await recordRequestView(as(bob), request.id, newest - 1);
    const after = await getRequestDetail(db, bob, request.id);
    expect(after.viewer.lastSeenEventId).toBe(newest);
    expect(after.timeline.filter((e) => e.id > newest).map((e) => e.type)).toEqual(["comment.added"]);
    await recordRequestView(as(bob), request.id, Number.MAX_SAFE_INTEGER);
    expect((await getRequestDetail(db, bob, request.id)).viewer.lastSeenEventId).toBe(Math.max(...after.timeline.map((e) => e.id)));
    // Another person's mark is their own.
    expect((await getRequestDetail(db, alice, request.id)).viewer.lastSeenEventId).toBeNull();
    await expect(recordRequestView(as(bob), randomUUID(), 1)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("marks all of one person's notifications read, and only theirs", async () => {
    const request = await submitSample(db, agent);
    await addComment(as(erin), request.id, "@alice and @bob, please look");
    expect(await markNotificationsRead(as(alice))).toBeGreaterThan(0);
    expect((await listNotifications(as(alice))).unread).toBe(0);
    expect((await listNotifications(as(bob))).unread).toBeGreaterThan(0);
  });
});
