import { beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../../db/client";
import { addComment } from "../../lib/services/add-comment";
import { cancelActionRequest } from "../../lib/services/cancel-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, seedAgent, submitSample } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;

beforeAll(async () => {
  db = await useTestDatabase();
});

describe("action_request_changed", () => {
  it("is sent when a request's status changes, not when it is created or commented on", async () => {
    const heard: string[] = [];
    const listener = await db.$client.listen("action_request_changed", (id) => heard.push(id));
    try {
      const agent = await seedAgent(db);
      const { id } = await submitSample(db, agent);
      await addComment(newServiceContext(db, alice), id, "Looks fine to me.");
      await cancelActionRequest(newServiceContext(db, agent.actor), id);
      // Notifications arrive after their commit; the cancellation's is the last one sent.
      for (let waited = 0; !heard.includes(id) && waited < 5000; waited += 50) await sleep(50);
      await sleep(200);
      expect(heard.filter((heardId) => heardId === id)).toEqual([id]);
    } finally {
      await listener.unlisten();
    }
  });
});
