import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { startOwnServer, type OwnServer } from "./support/own-server";
import { signIn } from "./support/sign-in";

/**
 * An attacker who can read the server's log while PostgreSQL is down (issue 9, defect 1): the
 * console's own failures must not hand them a live session. Its own server, so stopping the
 * database leaves the shared instance (and every later spec) alone.
 */
let server: OwnServer;
test.describe.configure({ mode: "serial" });
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  server = await startOwnServer();
});
test.afterAll(async () => server?.stop());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

test("with PostgreSQL down, a signed-in session's token never reaches the log, and the database holds only its hash", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "alice@example.com", server.url);
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(cookie, "the session cookie").toBeDefined();
  const token = cookie!.value;

  const sql = server.sql();
  const stored = (await sql<{ sessionToken: string }[]>`select session_token as "sessionToken" from sessions`).map((row) => row.sessionToken);
  await sql.end();
  expect.soft(stored, "sessions are stored as SHA-256 of the token").toContain(sha256(token));
  expect.soft(stored, "no session is stored in clear").not.toContain(token);

  await server.stopPostgres();
  const requestId = `outage-${randomUUID()}`;
  const origin = { origin: server.url, "x-request-id": requestId };
  const unknownRequest = randomUUID();
  const calls = [
    page.request.get(`${server.url}/queue`),
    page.request.get(`${server.url}/audit`),
    page.request.get(`${server.url}/requests/${unknownRequest}`),
    page.request.get(`${server.url}/`),
    page.request.get(`${server.url}/api/auth/session`),
    page.request.get(`${server.url}/api/console/queue`, { headers: origin }),
    page.request.get(`${server.url}/api/console/audit/events`, { headers: origin }),
    page.request.get(`${server.url}/api/console/requests/${unknownRequest}`, { headers: origin }),
    page.request.post(`${server.url}/api/console/requests/${unknownRequest}/comments`, { headers: origin, data: { body: "while the database is down" } }),
    page.request.post(`${server.url}/api/console/requests/${unknownRequest}/decisions`, { headers: origin, data: { decision: "approve", reason: "down" } }),
  ];
  for (const response of await Promise.all(calls)) {
    const body = await response.text();
    if (new URL(response.url()).pathname.startsWith("/api/console/")) {
      // Not "sign in again", which would fail the same way: the console says it is its database.
      expect(response.status(), `${response.url()} says the console is unavailable`).toBe(503);
      expect(response.headers()["retry-after"]).toBe("5");
    }
    expect(body, `${response.url()} answers without the token`).not.toContain(token);
    expect(body, `${response.url()} answers without SQL`).not.toMatch(/Failed query|select "/i);
  }
  // A page tells the signed-in person the truth too: the database, not their session, is the problem.
  // The console may be restarting just then (the launcher restarts it if the driver crashes on the
  // lost connection: porsager/postgres#1154), so the page is asked for until it answers.
  await expect(async () => {
    await page.goto(`${server.url}/queue`);
    await expect(page.getByRole("alert", { name: "The console is unavailable" })).toContainText("cannot reach its database", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByText("This page could not be loaded")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with SSO" })).toHaveCount(0);
  // Let the console and worker flush what they logged.
  await page.waitForTimeout(1_000);

  const log = readFileSync(server.logFile, "utf8");
  expect(log, "the outage was logged at all").toMatch(/ECONNREFUSED|Failed query|connect/);
  expect(log, "the session token in the log").not.toContain(token);
  expect(log, "the session token's hash in the log").not.toContain(sha256(token));
  // Auth.js logged its failed session lookups: their parameter lines are there, and dropped.
  expect(log, "a failed query's parameters, dropped").toMatch(/params: \[dropped\]/);
  for (const line of log.match(/params:.*/g) ?? []) expect(line, "query parameters in the log").toMatch(/^params: \[dropped\]/);

  // Structured: every line is one JSON object, and the console API's lines carry its request id.
  const lines = log.split("\n").filter((line) => line.trim());
  const records = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return { unparsed: line };
    }
  });
  expect(records.filter((record) => "unparsed" in record).slice(0, 5), "lines that are not JSON").toEqual([]);
  for (const record of records) expect(Object.keys(record)).toEqual(expect.arrayContaining(["time", "level", "msg"]));
  expect(records.some((record) => record.requestId === requestId), "a line of the failed console API calls carries their request id").toBe(true);
  const authLines = records.filter((record) => record.source === "auth");
  expect(authLines.length, "Auth.js reported the failed lookups").toBeGreaterThan(0);
  expect(authLines.filter((record) => typeof record.requestId !== "string"), "Auth.js lines without the request they served").toEqual([]);
});
