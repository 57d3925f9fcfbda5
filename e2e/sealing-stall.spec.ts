import { expect, test } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { E2E_PORT } from "./support/environment";
import { consoleReplica, ownerSql, type Replica } from "./support/replica";

/**
 * A console of the shared deployment whose stall limit is 3 s instead of 60, so a real stall shows
 * within the test: the sealer's lock is held (as a worker stuck mid-seal would hold it) while an agent
 * writes an event, and nothing seals it.
 */
const PORT = E2E_PORT + 7;
const URL = `http://localhost:${PORT}`;
let replica: Replica;

test.beforeAll(async () => {
  replica = consoleReplica(PORT, { SEALING_STALL_SECONDS: "3" });
  await replica.start();
});

test.afterAll(async () => {
  await replica?.stop();
});

test("every page says so while sealing has stalled, and /api/health answers degraded, until sealing recovers", async ({ page }) => {
  const sql = await ownerSql();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = sql.begin(async (tx) => {
    await tx`select id from event_sealer_lock for update`;
    locked();
    await released;
  });
  try {
    await isLocked;
    expect((await postRequest(requestPayload(`Stalled ${Date.now()}`))).status).toBe(201);

    await expect
      .poll(async () => (await (await fetch(`${URL}/api/health`)).json()).status, { timeout: 15_000, intervals: [500] })
      .toBe("degraded");
    await page.goto(`${URL}/`);
    const banner = page.getByRole("complementary", { name: "Sealing has stalled" });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(/Sealing has stalled: \d+ event\(s\) wait to be sealed/);
    await expect(banner).toContainText("High-risk rules issue no grants");
  } finally {
    release();
    await holder;
    await sql.end();
  }

  // The worker seals what waited; the banner goes and health is ok again.
  await expect.poll(async () => (await (await fetch(`${URL}/api/health`)).json()).status, { timeout: 15_000, intervals: [500] }).toBe("ok");
  await page.reload();
  await expect(page.getByRole("complementary", { name: "Sealing has stalled" })).toHaveCount(0);
});
