/**
 * One phase of the evidence pack bench, in a process of its own so its peak memory is its own:
 * `export FILE` streams a pack of every event to FILE as carol; `verify FILE` verifies it as the CLI
 * does. Prints {"seconds", "ok"} on its last line.
 */
import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
import { openPackFile } from "../lib/open-pack-file";

async function main() {
  const [command, file] = process.argv.slice(2);
  if (!file) throw new Error("usage: evidence-pack-phase.ts export|verify FILE");
  const started = performance.now();
  let ok = true;
  if (command === "export") {
    const { createDatabase } = await import("../../db/client");
    const { exportEvidencePack } = await import("../../lib/services/export-evidence-pack");
    const db = createDatabase(process.env.DATABASE_URL!, { max: 2 });
    const carol = { kind: "user" as const, id: "carol@example.com", email: "carol@example.com", name: "Carol", groups: ["auditors"], roles: ["auditor" as const] };
    const pack = await exportEvidencePack(db, carol, { from: new Date(0), to: new Date(Date.now() + 3600_000) }, { sealWaitMs: 0 });
    await pack.stream.pipeTo(Writable.toWeb(createWriteStream(file)));
    await db.$client.end();
  } else {
    const { verifyEvidencePack } = await import("../../lib/domain/evidence-pack/verify-pack");
    const report = await verifyEvidencePack(await openPackFile(file));
    ok = report.ok;
    for (const check of report.checks.filter((c) => !c.ok)) console.error(`FAIL ${check.name}: ${check.detail}`);
  }
  console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, ok }));
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
