import { spawn } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { serveAgentApi } from "./agent-api-fetch";
import { alice, seedAgent } from "./fixtures";
import { stopServer } from "./route-server";
import { useTestDatabase } from "./test-database";

/**
 * Each framework's example in examples/ as a reader runs it (`npx tsx examples/….ts`, the framework's
 * own stub model, no LLM key), against the real agent API over HTTP on the real database: it asks,
 * alice approves, the tool runs and the execution is reported.
 */
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const root = path.resolve(import.meta.dirname, "../..");
let db: Database;
let server: Server;
let apiUrl: string;

beforeAll(async () => {
  db = await useTestDatabase();
  ({ server: server, url: apiUrl } = await serveAgentApi());
});
afterAll(() => stopServer(server));

describe("the agent examples run against the real API", () => {
  it.each([
    ["ai-sdk-agent.ts", "db.export", /Tool ran: exported 2 rows/],
    ["openai-agents-agent.ts", "db.export", /The export is done\./],
    ["langchain-agent.ts", "db.export", /tool: exported id, plan of 2 customers/],
    ["claude-agent.ts", "claude.Bash", /package\.json/],
  ])("%s: waits for the approval, runs the approved call and reports it", async (example, action, output) => {
    const agent = await seedAgent(db);
    const child = spawn(process.execPath, ["--import", "tsx", path.join("examples", example)], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", COUNTERSIGN_URL: apiUrl, COUNTERSIGN_API_KEY: agent.apiKey } as Record<string, string> as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let said = "";
    child.stdout.on("data", (chunk: Buffer) => (said += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (said += chunk.toString()));
    const exited = once(child, "exit");
    try {
      const request = await vi.waitFor(
        async () => {
          const [row] = await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id));
          expect(row?.status).toBe("pending");
          return row!;
        },
        { timeout: 30_000, interval: 100 },
      );
      expect(request.action).toBe(action);
      await approveActionRequest(newServiceContext(db, alice), request.id);
      const [code] = await exited;
      expect(code, said).toBe(0);
      expect(said).toMatch(output);
      const rows = await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id));
      expect(rows.map((row) => row.status)).toEqual(["executed"]);
    } finally {
      child.kill();
    }
  }, 90_000);
});
