import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The command line's console session on disk: the bearer credential `npm run cli -- login` got, the
 * console it belongs to, who it signs in and until when. One file, mode 0600 in a 0700 folder, never
 * printed. COUNTERSIGN_CREDENTIALS names another file (CI, several consoles).
 */
export type CliCredentials = { consoleUrl: string; token: string; email: string; expiresAt: string };

export function credentialsFile(): string {
  if (process.env.COUNTERSIGN_CREDENTIALS) return path.resolve(process.env.COUNTERSIGN_CREDENTIALS);
  const configHome = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(configHome, "countersign", "credentials.json");
}

/**
 * The stored session for `consoleUrl`, or null when there is none, it has expired, or it was issued
 * by another console: a credential is only ever sent to the console that issued it.
 */
export function readCredentials(consoleUrl: string, now = new Date()): CliCredentials | null {
  let stored: Partial<CliCredentials>;
  try {
    stored = JSON.parse(readFileSync(credentialsFile(), "utf8")) as Partial<CliCredentials>;
  } catch {
    return null;
  }
  const { token, email, expiresAt } = stored;
  if (stored.consoleUrl !== consoleUrl || typeof token !== "string" || typeof email !== "string" || typeof expiresAt !== "string") return null;
  return Date.parse(expiresAt) > now.getTime() ? { consoleUrl, token, email, expiresAt } : null;
}

export function writeCredentials(credentials: CliCredentials): void {
  const file = credentialsFile();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole, then renamed over the old one: never a half-written or world-readable file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function forgetCredentials(): void {
  rmSync(credentialsFile(), { force: true });
}
