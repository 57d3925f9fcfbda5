import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { supervise } from "./supervise";

/** A real child process running `script`. */
const child = (script: string) => () => spawn(process.execPath, ["-e", script], { stdio: "ignore" });

describe("the launcher's supervisor", () => {
  it("starts a crashed child again, after a back-off that grows with each crash", async () => {
    const restarts: number[] = [];
    let starts = 0;
    const supervised = supervise({
      name: "worker",
      start: () => (starts++, child("process.exit(3)")()),
      onRestart: ({ code, inMs }) => {
        expect(code).toBe(3);
        restarts.push(inMs);
      },
      giveUp: () => {
        throw new Error("gave up too soon");
      },
      firstBackoffMs: 100,
    });
    // Three crashes and restarts take 700 ms of back-off plus three process starts, which a loaded
    // machine stretches to seconds: waited for, not slept on.
    await expect.poll(() => restarts.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await supervised.stop();
    expect(starts).toBeGreaterThanOrEqual(3);
    expect(restarts.slice(0, 3)).toEqual([100, 200, 400]);
  });

  it("gives up on a child that keeps crashing, instead of looping", async () => {
    let clock = 0;
    const gaveUp = new Promise<string>((resolve) => {
      supervise({
        name: "console",
        start: child("process.exit(1)"),
        onRestart: () => {},
        giveUp: ({ name }) => resolve(name),
        // Every crash lands in the same window, however long the back-off really was.
        now: () => (clock += 1),
        firstBackoffMs: 10,
      });
    });
    expect(await gaveUp).toBe("console");
  });

  it("stops a healthy child when told to, and does not start it again", async () => {
    let starts = 0;
    const supervised = supervise({
      name: "worker",
      start: () => (starts++, child("setInterval(() => {}, 1000)")()),
      onRestart: () => {
        throw new Error("restarted a child that was stopped on purpose");
      },
      giveUp: () => {},
    });
    await sleep(300);
    await supervised.stop();
    await sleep(700);
    expect(starts).toBe(1);
  });
});
