import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { countersignCanUseTool } from "../../packages/sdk/src/adapters/claude-agent";
import { Countersign } from "../../packages/sdk/src/index";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { serveAgentApi } from "./agent-api-fetch";
import { stopServer } from "./route-server";
import { startStubModel } from "./stub-anthropic-model";
import { useTestDatabase } from "./test-database";

/**
 * The Claude Agent SDK's own runtime (`query`, which runs its bundled Claude Code) with Countersign's
 * `canUseTool`, against the real agent API over HTTP. Only the model is stood in for (a local Messages
 * API that asks for one Bash command), so the run is offline; the runtime decides which calls need
 * permission, calls the adapter, and runs the command or tells the model why not.
 */
let db: Database;
let agent: SeededAgent;
let server: Server;
let apiUrl: string;
const workDir = mkdtempSync(path.join(os.tmpdir(), "countersign-claude-"));

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  ({ server: server, url: apiUrl } = await serveAgentApi());
});

afterAll(async () => {
  await stopServer(server);
  rmSync(workDir, { recursive: true, force: true });
});

/** Runs the agent to the end of its turn on the stub model, which asks for `command` once. */
async function runAgent(command: string, resource: string) {
  const model = await startStubModel(command);
  try {
    const canUseTool = countersignCanUseTool(new Countersign({ baseUrl: apiUrl, apiKey: agent.apiKey }), (tool) => ({
      action: `claude.${tool}`,
      resource,
      environment: "test",
      summary: `Claude wants to run ${tool}`,
    }), { timeoutMs: 60_000 });
    const messages = query({
      prompt: "Do the task.",
      options: {
        cwd: workDir,
        maxTurns: 3,
        canUseTool,
        // Offline: the stub is the model, and nothing else is called.
        env: { ...process.env, ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: "sk-stub", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_TELEMETRY: "1" },
      },
    });
    let result: string | undefined;
    for await (const message of messages) if (message.type === "result") result = message.subtype;
    return { result, toolResults: model.toolResults };
  } finally {
    await model.stop();
  }
}

const requestOn = (resource: string) =>
  vi.waitFor(async () => {
    const [row] = await db.select({ id: actionRequests.id, parameters: actionRequests.parameters }).from(actionRequests).where(eq(actionRequests.resource, resource));
    expect(row).toBeDefined();
    return row!;
  }, { timeout: 30_000, interval: 100 });

describe("the Claude Agent SDK's runtime with countersignCanUseTool", () => {
  it("holds the command until a person approves it, then runs exactly it", async () => {
    const file = path.join(workDir, "approved.txt");
    const resource = "file://approved";
    const running = runAgent(`touch ${file}`, resource);
    const request = await requestOn(resource);
    expect(existsSync(file)).toBe(false);
    expect(request.parameters).toMatchObject({ command: `touch ${file}` });
    await approveActionRequest(newServiceContext(db, alice), request.id, "Fine");
    const { result, toolResults } = await running;
    expect(result).toBe("success");
    expect(existsSync(file)).toBe(true);
    expect(toolResults).toEqual([expect.objectContaining({ isError: false })]);
  }, 120_000);

  it("never runs a rejected command, and the model reads the reviewer's reason", async () => {
    const file = path.join(workDir, "rejected.txt");
    const resource = "file://rejected";
    const running = runAgent(`touch ${file}`, resource);
    const request = await requestOn(resource);
    await rejectActionRequest(newServiceContext(db, alice), request.id, "Not on a Friday");
    const { toolResults } = await running;
    expect(existsSync(file)).toBe(false);
    expect(toolResults).toHaveLength(1);
    expect(toolResults[0]!.isError).toBe(true);
    expect(toolResults[0]!.content).toContain("Not on a Friday");
  }, 120_000);
});
