import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";

export type Received = { headers: IncomingHttpHeaders; body: string; at: number };

/**
 * A real HTTP receiver on a loopback port for webhook and SIEM tests: it records every request
 * (headers, raw body, arrival time) and answers as `respond` says, which a test may change as it goes.
 * Closed when the file's tests end; `stop()`/`start()` take it down and bring it back on the same port.
 */
export async function startReceiver(respond: (received: Received, response: ServerResponse, index: number) => void = (_, response) => response.end()) {
  const received: Received[] = [];
  const state = { respond };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      received.push(entry);
      state.respond(entry, response, received.length - 1);
    });
  });
  const listen = (port = 0) => new Promise<number>((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  const port = await listen();
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  afterAll(async () => {
    if (server.listening) await close();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    set respond(next: typeof respond) {
      state.respond = next;
    },
    stop: close,
    start: () => listen(port),
  };
}
