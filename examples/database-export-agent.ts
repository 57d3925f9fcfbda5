/**
 * An agent that asks a person before exporting customer data, with @countersign/sdk:
 * it requests approval, waits, verifies the grant (signature, request, digest of these exact
 * parameters, expiry), runs the export only then, and reports how it went.
 *
 *   COUNTERSIGN_URL=http://localhost:3000 COUNTERSIGN_API_KEY=$(cat .data/demo-agent.key) npx tsx examples/database-export-agent.ts
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Countersign, DeniedError, ExpiredError, WaitTimeoutError } from "@countersign/sdk";

const cs = new Countersign({ baseUrl: process.env.COUNTERSIGN_URL ?? "http://localhost:3000", apiKey: process.env.COUNTERSIGN_API_KEY ?? "" });

/** Stands in for your database client: writes the file the export would produce. */
async function exportToCsv(sql: string): Promise<string> {
  const file = path.join(os.tmpdir(), `churned-customers-${Date.now()}.csv`);
  await writeFile(file, `-- ${sql}\nid,plan\n1042,pro\n1077,team\n`);
  return file;
}

try {
  const file = await cs.guard(
    {
      action: "db.export",
      resource: "postgres://prod-db/customers",
      environment: "production",
      summary: process.env.EXPORT_SUMMARY ?? "Export customers who churned in October",
      reasoning: "The analyst asked for a churn list; the export is read-only.",
      parameters: { sql: "COPY (SELECT id, plan FROM customers WHERE churned_at >= '2026-10-01') TO STDOUT WITH CSV" },
      context: { ticket: "OPS-1234" },
    },
    // Runs only with a verified grant, and gets the approved parameters themselves (frozen).
    async (parameters) => exportToCsv(String(parameters.sql)),
    { onTicket: (ticket) => console.log(`Waiting for approval: ${ticket.consoleUrl}`), timeoutMs: 10 * 60_000 },
  );
  console.log(`Exported to ${file}; the execution is reported.`);
} catch (error) {
  if (!(error instanceof DeniedError || error instanceof ExpiredError || error instanceof WaitTimeoutError)) throw error;
  console.error(`Not exported: ${error.message}`);
  process.exitCode = 1;
}
