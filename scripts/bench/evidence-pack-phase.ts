/**
 * One phase of the evidence pack bench, in a process of its own so its peak memory is its own:
 * `export FILE` streams a pack of every event to FILE as carol; `verify FILE` verifies it as the CLI
 * does; `floor FILE` does the least any verifier must: reads events.ndjson, parses each line and
 * hashes it once. Prints {"seconds", "ok"} on its last line.
 */
import { hash } from "node:crypto";
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
  } else if (command === "floor") {
    await readParseAndHashEachEvent(file);
  } else {
    const { verifyEvidencePack } = await import("../../lib/domain/evidence-pack/verify-pack");
    const report = await verifyEvidencePack(await openPackFile(file));
    ok = report.ok;
    for (const check of report.checks.filter((c) => !c.ok)) console.error(`FAIL ${check.name}: ${check.detail}`);
  }
  console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, ok }));
}

/** Inflates events.ndjson, and parses and SHA-256es each line, with nothing else: a reference for verify's speed. */
async function readParseAndHashEachEvent(file: string) {
  const source = await openPackFile(file);
  let partial = Buffer.alloc(0);
  for await (const chunk of source.read("events.ndjson")) {
    const buffer = Buffer.concat([partial, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(10); end >= 0; end = buffer.indexOf(10, start)) {
      JSON.parse(buffer.toString("utf8", start, end));
      hash("sha256", buffer.subarray(start, end));
      start = end + 1;
    }
    partial = buffer.subarray(start);
  }
  source.close();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
