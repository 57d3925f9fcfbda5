import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { requestPayload } from "./support/agent";
import { E2E_DATA_DIR, E2E_PG_PORT, E2E_PORT, E2E_URL } from "./support/environment";
import { consoleReplica, ownerSql, workerReplica, type Replica } from "./support/replica";
import { waitFor } from "./support/wait-for";
import { signIn } from "./support/sign-in";

/**
 * Issue 9, "scale out, proven": the shared deployment (console A and its worker) plus console B and
 * a second worker on the same PostgreSQL, under load from agents that retry as agents do: one sealer
 * at a time, a long-poll parked on one console woken by a decision made on the other, and rolling
 * restarts of B and of the second worker that lose nothing. (That two workers' expiry sweeps expire
 * each request once is test/integration/worker-replicas.int.test.ts.)
 */
const CONSOLE_A = E2E_URL;
const PORT_B = E2E_PORT + 5;
const CONSOLE_B = `http://localhost:${PORT_B}`;

test.describe.configure({ mode: "serial", timeout: 240_000 });

let consoleB: Replica;
let workerB: Replica;

test.beforeAll(async () => {
  consoleB = consoleReplica(PORT_B);
  workerB = workerReplica();
  await Promise.all([consoleB.start(), workerB.start()]);
});

test.afterAll(async () => {
  await Promise.all([consoleB?.stop(), workerB?.stop()]);
});

/** An agent of its own, made with the operator's command against the shared database. */
async function createAgent(name: string): Promise<string> {
  const { stdout } = await promisify(execFile)("npm", ["run", "-s", "cli", "--", "agents", "create", "--name", name, "--owner", "erin@example.com"], {
    env: { ...process.env, COUNTERSIGN_DATA_DIR: E2E_DATA_DIR, EMBEDDED_PG_PORT: String(E2E_PG_PORT) },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}").apiKey;
}

type Sent = { key: string; id?: string; status?: number };
type Load = { sent: Sent[]; retries: number };

/**
 * Submits as an agent would, until `done()` (or `max` requests): a fresh Idempotency-Key per request,
 * and the same key again, on the next console, after a refused connection or a 5xx (a console
 * restarting), until it is answered. Returns what it sent and how many attempts had to be retried.
 */
async function submitWithRetries(baseUrls: string[], apiKey: string, max: number, done: () => boolean): Promise<Load> {
  const load: Load = { sent: [], retries: 0 };
  for (let i = 0; i < max && !done(); i++) {
    const entry: Sent = { key: randomUUID() };
    load.sent.push(entry);
    for (let attempt = 0; entry.status === undefined || entry.status >= 500; attempt++) {
      if (attempt > 200) throw new Error(`request ${entry.key} was never answered`);
      const base = baseUrls[(i + attempt) % baseUrls.length];
      const response = await fetch(`${base}/api/v1/action-requests`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": entry.key },
        body: JSON.stringify(requestPayload(`scale-out ${i}`)),
      }).catch(() => null);
      if (!response || response.status >= 500) {
        load.retries += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (!response) continue;
      }
      entry.status = response.status;
      if (response.status < 300) entry.id = (await response.json()).id;
    }
    // An agent's pace: well under its 60 a minute, with four of them.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return load;
}

test("a long-poll parked on console B wakes when alice approves on console A", async ({ page }) => {
  const apiKey = await createAgent(`long-poll-${Date.now()}`);
  const auth = { authorization: `Bearer ${apiKey}` };
  const created = await fetch(`${CONSOLE_B}/api/v1/action-requests`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify(requestPayload(`long-poll across consoles ${Date.now()}`)),
  });
  expect(created.status).toBe(201);
  const { id } = await created.json();

  const parkedAt = Date.now();
  const parked = fetch(`${CONSOLE_B}/api/v1/action-requests/${id}?wait=45`, { headers: auth }).then(async (r) => ({ status: r.status, body: await r.json(), at: Date.now() }));

  await signIn(page, "alice@example.com");
  // Long enough that the poll is surely parked, short of its 45 s.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const decidedAt = Date.now();
  const decision = await page.request.post(`${CONSOLE_A}/api/console/requests/${id}/decisions`, {
    headers: { origin: CONSOLE_A },
    data: { outcome: "approve", reason: "Checked the export across replicas." },
  });
  expect(decision.status()).toBe(200);

  const woke = await parked;
  expect(woke.status).toBe(200);
  expect(woke.body).toMatchObject({ id, status: "approved", grant: expect.any(String) });
  // Woken by the commit's NOTIFY on the other console, not by its own timeout.
  expect(woke.at - decidedAt).toBeLessThan(5_000);
  expect(woke.at - parkedAt).toBeLessThan(40_000);
});

test("under load across both consoles, rolling restarts of console B and the second worker lose nothing", async () => {
  const keys = await Promise.all([1, 2, 3, 4].map((n) => createAgent(`load-${n}-${Date.now()}`)));
  let done = false;
  const orders = [
    [CONSOLE_A, CONSOLE_B],
    [CONSOLE_B, CONSOLE_A],
  ];
  const load = Promise.all(keys.map((key, n) => submitWithRetries(orders[n % 2]!, key, 55, () => done)));

  // Restart each replica while requests flow through it, then keep the load on a little longer.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await consoleB.stop();
  await workerB.stop();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await Promise.all([consoleB.start(), workerB.start()]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  done = true;
  const loads = await load;
  const sent = loads.flatMap((l) => l.sent);
  // The restart was felt: some attempts met console B down and were sent again.
  expect(loads.reduce((n, l) => n + l.retries, 0)).toBeGreaterThan(0);

  // Every submission was answered, and as accepted: the limits are far above this load.
  expect(sent.filter((s) => s.status !== 201 && s.status !== 200)).toEqual([]);

  const sql = await ownerSql();
  try {
    // Each accepted request exists exactly once, whichever console took it or its retry.
    const ids = sent.map((s) => s.id!);
    expect(new Set(ids).size).toBe(sent.length);
    const [stored] = await sql<{ n: number }[]>`select count(*)::int as n from action_requests where id = any(${ids}::uuid[])`;
    expect(stored?.n).toBe(sent.length);
    const [created] = await sql<{ n: number }[]>`select count(*)::int as n from events where type = 'request.created' and stream_id = any(${ids})`;
    expect(created?.n).toBe(sent.length);

    // Two workers seal side by side, one at a time: every event chained once, in a dense sequence.
    await waitFor(async () => (await sql`select 1 from event_seal_queue limit 1`).length === 0, 30_000, "the seal queue did not drain");
    const [chain] = await sql<{ events: number; links: number; chained: number; top: number }[]>`
      select (select count(*)::int from events) as events, count(*)::int as links,
             count(distinct event_id)::int as chained, max(seq)::int as top
      from event_chain`;
    expect(chain).toEqual({ events: chain!.events, links: chain!.events, chained: chain!.events, top: chain!.events });
  } finally {
    await sql.end();
  }
  expect(workerB.output()).not.toMatch(/SealConflictError|failed; retrying|does not extend the last checkpoint/);
});
