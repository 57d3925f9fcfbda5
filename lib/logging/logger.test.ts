import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureLogger, log, relayLine } from "./logger";
import { runWithRequestId } from "./request-context";

const TOKEN = "3f0c8f4e-2d1b-4c7a-9e55-0b6d2a7c9e11";
let lines: Record<string, unknown>[] = [];

beforeEach(() => {
  lines = [];
  configureLogger({ write: (line) => lines.push(JSON.parse(line)) });
});
afterEach(() => {
  configureLogger({ write: (line) => process.stdout.write(`${line}\n`) });
  delete process.env.LOG_LEVEL;
});

describe("the logger", () => {
  it("puts the request id on every line logged while serving the request, however deep the call", async () => {
    const deep = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.warn("from deep inside");
    };
    await runWithRequestId("req-abcdefgh", async () => {
      log.info("first");
      await deep();
    });
    log.info("after");
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ["first", "req-abcdefgh"],
      ["from deep inside", "req-abcdefgh"],
      ["after", undefined],
    ]);
    for (const line of lines) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("logs nothing below LOG_LEVEL", () => {
    process.env.LOG_LEVEL = "warn";
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((line) => line.level)).toEqual(["warn", "error"]);
  });

  it("relays another process's lines sanitised: its own records keep their fields, anything else is wrapped", () => {
    relayLine(JSON.stringify({ time: "2026-12-01T00:00:00.000Z", level: "error", msg: `Failed query: select 1\nparams: ${TOKEN}`, requestId: "req-abcdefgh", route: "/queue", params: [TOKEN] }), "info", { source: "console" });
    relayLine(`params: ${TOKEN}`, "error", { source: "console" });
    relayLine("▲ Next.js 16", "info", { source: "console" });
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
    expect(lines[0]).toEqual({ time: "2026-12-01T00:00:00.000Z", level: "error", msg: "Failed query: select 1\nparams: [dropped]", requestId: "req-abcdefgh", route: "/queue" });
    expect(lines[1]).toMatchObject({ level: "error", msg: "params: [dropped]", source: "console" });
    expect(lines[2]).toMatchObject({ level: "info", msg: "▲ Next.js 16", source: "console" });
  });
});
