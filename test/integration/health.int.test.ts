import { beforeAll, describe, expect, it } from "vitest";
import { GET as live } from "../../app/api/health/live/route";
import { GET as ready } from "../../app/api/health/ready/route";
import { createDatabase, type Database } from "../../db/client";
import { getConfig } from "../../lib/config";
import { checkReadiness } from "../../lib/services/check-readiness";
import { sealEvents } from "../../lib/services/seal-events";
import { seedAgent, submitSample } from "./fixtures";
import { ownerDatabase, sealerDatabase, TEST_APP_URL, useTestDatabase } from "./test-database";

let db: Database;

beforeAll(async () => {
  db = await useTestDatabase();
  await seedAgent(db);
  while ((await sealEvents(sealerDatabase())) > 0);
});

const readyResponse = () => ready(new Request(`${TEST_APP_URL}/api/health/ready`));

describe("liveness and readiness", () => {
  it("live answers without touching the database", async () => {
    const previous = process.env.DATABASE_URL;
    try {
      // Even with no database configured at all, the process is alive.
      delete process.env.DATABASE_URL;
      const response = live();
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    } finally {
      process.env.DATABASE_URL = previous;
    }
  });

  it("ready is 200 when the database answers, is migrated and the sealer keeps up", async () => {
    const response = await readyResponse();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it("a database that does not answer is not ready", async () => {
    const unreachable = createDatabase("postgres://nobody:nothing@127.0.0.1:1/none", { max: 1 });
    try {
      expect(await checkReadiness(unreachable)).toEqual({ ready: false, problems: [{ check: "database", message: "The database does not answer." }] });
    } finally {
      await unreachable.$client.end({ timeout: 1 });
    }
  });

  it("a missing migration is a problem+json 503 naming what the database lacks", async () => {
    const owner = ownerDatabase();
    await owner.$client.unsafe("ALTER TABLE comments RENAME COLUMN body TO body_before_migration");
    try {
      const response = await readyResponse();
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const body = await response.json();
      expect(body).toMatchObject({ status: 503, title: "Not ready", requestId: expect.any(String) });
      expect(body.detail).toContain("comments.body");
      expect(body.errors).toEqual([{ path: "schema", message: expect.stringContaining("apply the migrations") }]);
    } finally {
      await owner.$client.unsafe("ALTER TABLE comments RENAME COLUMN body_before_migration TO body");
    }
  });

  it("events left unsealed past the limit mean the sealer is stuck, until it catches up", async () => {
    const later = () => new Date(Date.now() + (getConfig().sealingStallSeconds + 30) * 1000);
    await submitSample(db, await seedAgent(db));
    const stuck = await checkReadiness(db, later());
    expect(stuck.ready).toBe(false);
    expect(stuck.problems).toEqual([{ check: "sealer", message: expect.stringMatching(/^The sealer is stuck: \d+ event\(s\) wait/) }]);

    while ((await sealEvents(sealerDatabase())) > 0);
    expect(await checkReadiness(db, later())).toEqual({ ready: true, problems: [] });
  });
});
