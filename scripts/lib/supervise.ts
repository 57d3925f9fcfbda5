import type { ChildProcess } from "node:child_process";

/** Restarts within this window count together; past MAX_RESTARTS of them the launcher gives up. */
const RESTART_WINDOW_MS = 120_000;
const MAX_RESTARTS = 5;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;

export type Supervised = { stop: () => Promise<void> };

/**
 * Keeps one child running: when it exits unexpectedly it is started again after a back-off that
 * doubles with each crash, because the console and the worker hold no state of their own (their work
 * lives in PostgreSQL and is safe to resume) and a crash is often a passing fault, such as a database
 * connection dropped mid-write (postgres.js can throw that outside any await, which ends the process).
 * A child that crashes more than MAX_RESTARTS times within RESTART_WINDOW_MS is not restarted:
 * `giveUp` is called instead, so a persistent fault stops everything loudly rather than looping.
 */
export function supervise(options: {
  name: string;
  start: () => ChildProcess;
  onRestart: (details: { name: string; code: number | null; signal: NodeJS.Signals | null; inMs: number }) => void;
  giveUp: (details: { name: string; code: number | null; signal: NodeJS.Signals | null }) => void;
  now?: () => number;
  firstBackoffMs?: number;
}): Supervised {
  const now = options.now ?? Date.now;
  const crashes: number[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let child = run();

  function run(): ChildProcess {
    const started = options.start();
    started.once("exit", (code, signal) => {
      if (stopped) return;
      const at = now();
      crashes.push(at);
      while (crashes.length > 0 && at - (crashes[0] ?? at) > RESTART_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS) return options.giveUp({ name: options.name, code, signal });
      const inMs = Math.min((options.firstBackoffMs ?? FIRST_BACKOFF_MS) * 2 ** (crashes.length - 1), MAX_BACKOFF_MS);
      options.onRestart({ name: options.name, code, signal, inMs });
      timer = setTimeout(() => {
        if (!stopped) child = run();
      }, inMs);
    });
    return started;
  }

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await stopChild(child);
    },
  };
}

/** SIGTERM, then SIGKILL if it has not left within 10 s (the console drains requests in flight first). */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 12_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
