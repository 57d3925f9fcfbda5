import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { countersignCanUseTool, type ClaudeToolSpec } from "../../packages/sdk/src/adapters/claude-agent";
import { Countersign } from "../../packages/sdk/src/index";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { serveAgentApi } from "./agent-api-fetch";
import { stopServer } from "./route-server";
import { useTestDatabase } from "./test-database";

/**
 * The Claude Agent SDK adapter against the real agent API's route handlers over HTTP on the real
 * database. `countersign-hook` runs as Claude Code runs a command hook: the built bin, a separate
 * process, the hook's JSON on stdin (shaped as the SDK's PreToolUseHookInput / PostToolUseHookInput),
 * its answer read from stdout. `canUseTool` is called here as the Claude runtime calls it, to test its
 * edges one by one; claude-agent-runtime.int.test.ts runs it inside the real runtime. People decide
 * through the services.
 */
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const packageDir = path.resolve(import.meta.dirname, "../../packages/sdk");
const { bin } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { bin: Record<string, string> };
const hookBinary = path.join(packageDir, bin["countersign-hook"]!);

let db: Database;
let agent: SeededAgent;
let server: Server;
let apiUrl: string;

beforeAll(async () => {
  if (!existsSync(hookBinary)) throw new Error(`${hookBinary} is missing: npm ci builds it (the package's prepare script)`);
  db = await useTestDatabase();
  agent = await seedAgent(db);
  ({ server: server, url: apiUrl } = await serveAgentApi());
});

afterAll(() => stopServer(server));

type HookAnswer = { hookSpecificOutput?: { hookEventName: string; permissionDecision: string; permissionDecisionReason: string; updatedInput?: Record<string, unknown> } };

/** Runs `countersign-hook` once, as Claude Code does: JSON in on stdin, JSON out on stdout. */
function runHook(input: Record<string, unknown> | string, env: Record<string, string>): Promise<{ code: number | null; answer: HookAnswer; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hookBinary], { env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", COUNTERSIGN_URL: apiUrl, COUNTERSIGN_API_KEY: agent.apiKey, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, answer: stdout.trim() ? (JSON.parse(stdout) as HookAnswer) : {}, stderr, stdout }));
    child.stdin.end(typeof input === "string" ? input : JSON.stringify(input));
  });
}

const hookInput = (event: string, toolUseId: string, toolInput: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  session_id: "session-1",
  transcript_path: "/tmp/transcript.jsonl",
  cwd: "/srv/app",
  hook_event_name: event,
  tool_name: "Bash",
  tool_input: toolInput,
  tool_use_id: toolUseId,
  ...extra,
});

/** Each test's own resource, so its requests are found by it alone. */
const resourceFor = () => `repo://${crypto.randomUUID()}`;
const requestsOn = (resource: string) => db.select().from(actionRequests).where(eq(actionRequests.resource, resource));
const executionEvents = (requestId: string) => db.select().from(events).where(and(eq(events.streamId, requestId), eq(events.type, "execution.reported")));

describe("countersign-hook (a Claude Code PreToolUse / PostToolUse command) against the real API", () => {
  it("approved → allow with the exact approved input, and the PostToolUse hook reports the execution", async () => {
    const resource = resourceFor();
    const env = { COUNTERSIGN_RESOURCE: resource, COUNTERSIGN_HOOK_WAIT_SECONDS: "30" };
    const toolInput = { command: "pg_dump --table customers", description: "Export customers" };
    const asking = runHook(hookInput("PreToolUse", "toolu_approved", toolInput), env);
    const [pending] = await vi.waitFor(async () => {
      const rows = await requestsOn(resource);
      expect(rows).toHaveLength(1);
      return rows;
    }, { timeout: 10_000 });
    expect(pending).toMatchObject({ action: "claude-code.Bash", status: "pending" });
    await approveActionRequest(newServiceContext(db, alice), pending!.id, "Read-only dump, fine");

    const { code, answer } = await asking;
    expect(code).toBe(0);
    expect(answer.hookSpecificOutput).toEqual({ hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: `Approved in Countersign (request ${pending!.id})`, updatedInput: toolInput });
    expect(await executionEvents(pending!.id)).toEqual([]);

    const reported = await runHook(hookInput("PostToolUse", "toolu_approved", toolInput, { tool_response: { stdout: "ok" } }), env);
    expect(reported.code, reported.stderr).toBe(0);
    const [row] = await requestsOn(resource);
    expect(row!.status).toBe("executed");
    expect((await executionEvents(pending!.id)).map((event) => event.data)).toEqual([expect.objectContaining({ outcome: "succeeded" })]);
  });

  it("rejected → deny with the reviewer's reason, and nothing is reported", async () => {
    const resource = resourceFor();
    const env = { COUNTERSIGN_RESOURCE: resource, COUNTERSIGN_HOOK_WAIT_SECONDS: "30" };
    const asking = runHook(hookInput("PreToolUse", "toolu_rejected", { command: "rm -rf /srv/app/data" }), env);
    const [pending] = await vi.waitFor(async () => {
      const rows = await requestsOn(resource);
      expect(rows).toHaveLength(1);
      return rows;
    }, { timeout: 10_000 });
    await rejectActionRequest(newServiceContext(db, alice), pending!.id, "Not during the freeze");
    const { answer } = await asking;
    expect(answer.hookSpecificOutput).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: `Countersign request ${pending!.id} was rejected: Not during the freeze` });
    expect(answer.hookSpecificOutput).not.toHaveProperty("updatedInput");
    expect(await executionEvents(pending!.id)).toEqual([]);
  });

  it("no decision in time → defer; the resumed call finds the same request; an edited input is a new request the old approval does not allow", async () => {
    const resource = resourceFor();
    const env = { COUNTERSIGN_RESOURCE: resource, COUNTERSIGN_HOOK_WAIT_SECONDS: "1" };
    const toolInput = { command: "psql -c 'select count(*) from customers'" };
    const first = await runHook(hookInput("PreToolUse", "toolu_deferred", toolInput), env);
    const [pending] = await requestsOn(resource);
    expect(first.answer.hookSpecificOutput).toMatchObject({ permissionDecision: "defer", permissionDecisionReason: expect.stringContaining(`/requests/${pending!.id}`) });

    await approveActionRequest(newServiceContext(db, alice), pending!.id, "Count only");
    const resumed = await runHook(hookInput("PreToolUse", "toolu_deferred", toolInput), env);
    expect(resumed.answer.hookSpecificOutput).toMatchObject({ permissionDecision: "allow", updatedInput: toolInput });
    expect(await requestsOn(resource)).toHaveLength(1);

    const edited = await runHook(hookInput("PreToolUse", "toolu_deferred", { command: "psql -c 'drop table customers'" }), env);
    expect(edited.answer.hookSpecificOutput).toMatchObject({ permissionDecision: "defer" });
    const rows = await requestsOn(resource);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id !== pending!.id)!.status).toBe("pending");
  });

  it("fails closed: a refused API key is a deny that does not echo the key", async () => {
    const badKey = `cs_live_${"x".repeat(40)}`;
    const { stdout, answer } = await runHook(hookInput("PreToolUse", "toolu_badkey", { command: "ls" }), { COUNTERSIGN_API_KEY: badKey, COUNTERSIGN_HOOK_WAIT_SECONDS: "1" });
    expect(answer.hookSpecificOutput).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringMatching(/^Countersign could not be asked: 401 /) });
    expect(stdout).not.toContain(badKey);
  });

  it("fails closed: input it cannot read is a deny, not a crash Claude Code would let the tool past", async () => {
    const { code, answer, stderr } = await runHook("{not json", {});
    expect(code).toBe(0);
    expect(answer.hookSpecificOutput).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: expect.stringMatching(/^Countersign could not be asked: /) });
    expect(stderr).toBe("");
  });
});

describe("countersignCanUseTool, called as the Claude Agent SDK calls canUseTool", () => {
  const spec = (resource: string): ClaudeToolSpec => (toolName) => ({ action: `claude.${toolName}`, resource, summary: `Claude wants to run ${toolName}` });
  const options = (toolUseID: string) => ({ signal: new AbortController().signal, toolUseID });

  it("approved → allow with the approved input; rejected → deny with the reason; an edited input is asked anew", async () => {
    const resource = resourceFor();
    const canUseTool = countersignCanUseTool(new Countersign({ baseUrl: apiUrl, apiKey: agent.apiKey }), spec(resource), { timeoutMs: 30_000 });
    const input = { command: "pg_dump --table customers" };
    const asking = canUseTool("Bash", input, options("toolu_sdk_1"));
    const [pending] = await vi.waitFor(async () => {
      const rows = await requestsOn(resource);
      expect(rows).toHaveLength(1);
      return rows;
    }, { timeout: 10_000 });
    await approveActionRequest(newServiceContext(db, alice), pending!.id, "Fine");
    expect(await asking).toEqual({ behavior: "allow", updatedInput: input });

    const edited = canUseTool("Bash", { command: "pg_dump --table customers --table cards" }, options("toolu_sdk_1"));
    const other = await vi.waitFor(async () => {
      const found = (await requestsOn(resource)).find((row) => row.id !== pending!.id);
      expect(found?.status).toBe("pending");
      return found!;
    }, { timeout: 10_000 });
    await rejectActionRequest(newServiceContext(db, alice), other.id, "Cards hold PANs");
    expect(await edited).toEqual({ behavior: "deny", message: `Countersign request ${other.id} was rejected: Cards hold PANs` });
  });
});
