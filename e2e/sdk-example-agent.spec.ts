import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { demoAgentKey, getRequest } from "./support/agent";
import { E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

/** Runs examples/database-export-agent.ts as its README says, against the e2e server, as the demo agent. */
function runExampleAgent(summary: string) {
  const child = spawn("npx", ["tsx", "examples/database-export-agent.ts"], {
    env: { ...process.env, COUNTERSIGN_URL: E2E_URL, COUNTERSIGN_API_KEY: demoAgentKey(), EXPORT_SUMMARY: summary },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { output: () => output, exited, stop: () => child.kill() };
}

test("the example agent asks, waits while alice approves in the console, verifies the grant, runs and reports", async ({ page }) => {
  test.setTimeout(120_000);
  const agent = runExampleAgent(`SDK example export ${Date.now()}`);
  try {
    await expect.poll(agent.output, { timeout: 60_000 }).toMatch(/Waiting for approval: http:\/\/\S+\/requests\/[0-9a-f-]{36}/);
    const consoleUrl = /Waiting for approval: (\S+)/.exec(agent.output())![1]!;
    const id = consoleUrl.split("/").pop()!;
    expect(consoleUrl).toBe(`${E2E_URL}/requests/${id}`);
    expect((await getRequest(id)).body.status).toBe("pending");

    await signIn(page, "alice@example.com");
    await page.goto(consoleUrl);
    await page.getByLabel("Reason").fill("Read-only export for the churn analysis");
    await page.getByRole("button", { name: "Approve" }).click();

    expect(await agent.exited, agent.output()).toBe(0);
    expect(agent.output()).toMatch(/Exported to \S+\.csv; the execution is reported\./);
    const done = (await getRequest(id)).body;
    expect(done.status).toBe("executed");
    expect(done.execution).toMatchObject({ outcome: "succeeded" });
    expect(done.decisions).toEqual([expect.objectContaining({ decider: "alice@example.com", outcome: "approve" })]);
  } finally {
    agent.stop();
  }
});
