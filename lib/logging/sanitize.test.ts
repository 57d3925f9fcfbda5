import { AdapterError } from "@auth/core/errors";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { testMasker } from "@/lib/domain/masking/test-masker";
import { formatLogLine, sanitizeLogText } from "./sanitize";

/** A session token as Auth.js makes them: a random UUID, which no masking detector would call a secret. */
const TOKEN = "3f0c8f4e-2d1b-4c7a-9e55-0b6d2a7c9e11";
const line = (fields: Record<string, unknown>, msg = "something failed") => formatLogLine({ time: "2026-12-01T00:00:00.000Z", level: "error", msg, fields }, testMasker);

// Nothing listens on port 1: the query fails exactly as it does while PostgreSQL is down.
const client = postgres("postgres://countersign:x@127.0.0.1:1/countersign", { max: 1, connect_timeout: 2, onnotice: () => {} });
afterAll(() => client.end({ timeout: 1 }));

async function failedSessionLookup(): Promise<Error> {
  const error = await drizzle(client, { casing: "snake_case" }).select().from(sessions).where(eq(sessions.sessionToken, TOKEN)).then(
    () => null,
    (caught: Error) => caught,
  );
  if (!error) throw new Error("the query should have failed");
  return error;
}

describe("the log sanitiser, on the errors a database outage really produces", () => {
  it("drops drizzle's parameters from the message and the stack, and keeps the query, the cause and the frames", async () => {
    const error = await failedSessionLookup();
    expect(error.message).toContain(TOKEN); // the shape the sanitiser exists for
    const logged = line({ error });
    expect(logged).not.toContain(TOKEN);
    const record = JSON.parse(logged);
    expect(record.error.message).toMatch(/^Failed query: select .*"session_token" = \$1\nparams: \[dropped\]$/s);
    expect(record.error.stack).toContain("params: [dropped]\n    at ");
    expect(record.error.query).toContain('"sessions"');
    expect(record.error).not.toHaveProperty("params");
    expect(record.error.cause).toMatchObject({ code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) });
  });

  it("cleans Auth.js's AdapterError, whose cause carries the failed query and its parameters", async () => {
    // Auth.js wraps the caught error itself (its adapter proxy, lib/init.js), though the type says string.
    const error = new AdapterError((await failedSessionLookup()) as unknown as string);
    const logged = line({ error });
    expect(logged).not.toContain(TOKEN);
    expect(JSON.parse(logged).error.cause.err.message).toContain("params: [dropped]");
  });

  it("cleans what Auth.js's own logger prints, as one text or line by line (as the launcher relays a child's output)", async () => {
    const printed = `[auth][cause]: ${(await failedSessionLookup()).stack}`;
    expect(sanitizeLogText(printed, testMasker)).not.toContain(TOKEN);
    expect(sanitizeLogText(printed, testMasker)).toMatch(/params: \[dropped\]\n\s+at /);
    for (const part of printed.split("\n")) expect(sanitizeLogText(part, testMasker)).not.toContain(TOKEN);
  });

  it("drops postgres.js's parameters and arguments and PostgreSQL's row detail", () => {
    const error = new postgres.PostgresError({
      message: 'duplicate key value violates unique constraint "sessions_pkey"',
      code: "23505",
      severity: "ERROR",
      detail: `Key (session_token)=(${TOKEN}) already exists.`,
      constraint_name: "sessions_pkey",
    } as never);
    // As postgres.js attaches them to a failed query's error (enumerable under its `debug` option).
    Object.defineProperties(error, {
      query: { value: 'insert into "sessions" values ($1, $2, $3)', enumerable: true },
      parameters: { value: [TOKEN, "user-1", "2026-12-01"], enumerable: true },
      args: { value: [TOKEN], enumerable: true },
    });
    const record = JSON.parse(line({ error }));
    expect(JSON.stringify(record)).not.toContain(TOKEN);
    expect(record.error).toMatchObject({ code: "23505", constraint_name: "sessions_pkey", name: "PostgresError" });
  });

  it("masks a credential whatever printed it, in the message, in fields and in nested errors", () => {
    const aws = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8cAnArY1";
    const github = "ghp_R3aLlyN0tAT0kenButL00ksLik3One0a1b2c";
    const logged = line({ request: { headers: { authorization: `token ${github}` } }, error: new Error("boom", { cause: new Error(`AWS_SECRET_ACCESS_KEY=${aws}`) }) }, `retrying with ${github}`);
    expect(logged).not.toContain(aws);
    expect(logged).not.toContain(github);
    expect(logged).toMatch(/\[[a-z0-9_]+:[0-9a-f]{6}\]/);
  });

  it("writes one JSON object per line whose time, level and message no field can overwrite", () => {
    const circular: Record<string, unknown> = { name: "loop" };
    circular.self = circular;
    const logged = formatLogLine({ time: "2026-12-01T00:00:00.000Z", level: "warn", msg: "two\nlines\u001b[31m red", requestId: "req-12345678", fields: { level: "debug", msg: "x", circular, big: 10n } }, testMasker);
    expect(logged.split("\n")).toHaveLength(1);
    expect(JSON.parse(logged)).toMatchObject({ time: "2026-12-01T00:00:00.000Z", level: "warn", msg: "two\nlines red", requestId: "req-12345678", circular: { name: "loop", self: "[circular]" }, big: "10" });
  });
});
