import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createServer, type Server } from "node:tls";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { sealEvents } from "../../lib/services/seal-events";
import { streamToSyslog } from "../../lib/services/stream-to-syslog";
import { seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { sealerDatabase, useTestDatabase } from "./test-database";

// A throwaway self-signed certificate for a real TLS receiver on loopback.
const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-syslog-"));
execFileSync("openssl", ["req", "-x509", "-newkey", "ed25519", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
const cert = readFileSync(path.join(dir, "cert.pem"));
const key = readFileSync(path.join(dir, "key.pem"));

let db: Database;
let agent: SeededAgent;
beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

/** An RFC 5425 receiver: splits octet-counted frames and keeps each message. */
function receiver(port = 0) {
  const messages: string[] = [];
  const server: Server = createServer({ cert, key }, (socket) => {
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space === -1) break;
        const length = Number(buffer.subarray(0, space).toString());
        if (buffer.length < space + 1 + length) break;
        messages.push(buffer.subarray(space + 1, space + 1 + length).toString("utf8"));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
  });
  const listening = new Promise<number>((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  return { messages, listening, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};

describe("SIEM stream over syslog (RFC 5424 over TLS)", () => {
  it("sends every sealed event in seq order, checks the receiver's certificate, and resumes after an outage without a gap", async () => {
    const first = receiver();
    const port = await first.listening;
    const url = `syslog+tls://localhost:${port}`;
    await submitSample(db, agent, { summary: "syslog: first" });
    await sealAll();
    // An unknown certificate authority is refused: nothing sent, the cursor stays.
    await expect(streamToSyslog(db, url, { hostname: "countersign.test" })).rejects.toThrow(/could not be reached/);
    expect(first.messages).toHaveLength(0);
    const tls = { ca: cert };
    while ((await streamToSyslog(db, url, { hostname: "countersign.test", batchSize: 2, tls })) > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = first.messages.length;
    expect(before).toBeGreaterThan(0);
    expect(first.messages[0]).toMatch(/^<110>1 \S+ countersign\.test countersign - \S+ \[countersign@32473 seq="1" leafHash="[0-9a-f]{64}"\] \ufeff\{/);
    await first.close();

    await submitSample(db, agent, { summary: "syslog: during the outage" });
    await sealAll();
    await expect(streamToSyslog(db, url, { hostname: "countersign.test", tls })).rejects.toThrow(/could not be reached/);

    const second = receiver(port);
    await second.listening;
    while ((await streamToSyslog(db, url, { hostname: "countersign.test", tls })) > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const seqs = [...first.messages, ...second.messages].map((message) => Number(/seq="(\d+)"/.exec(message)![1]));
    const [{ count }] = (await db.execute<{ count: string }>("select count(*) from event_chain")) as unknown as [{ count: string }];
    expect(seqs).toEqual(Array.from({ length: Number(count) }, (_, i) => i + 1));
    await second.close();
  });
});
