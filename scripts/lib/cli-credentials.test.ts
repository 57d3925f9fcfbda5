import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { credentialsFile, forgetCredentials, readCredentials, writeCredentials } from "./cli-credentials";

const stored = { consoleUrl: "https://countersign.example", token: "cs_cli_secret", email: "alice@example.com", expiresAt: "2026-12-01T18:00:00.000Z" };
const before = new Date("2026-12-01T17:00:00Z");

beforeEach(() => {
  process.env.COUNTERSIGN_CREDENTIALS = path.join(mkdtempSync(path.join(os.tmpdir(), "cs-cred-")), "nested", "credentials.json");
});

describe("the command line's stored session", () => {
  it("is written 0600 in a 0700 folder and read back for its own console", () => {
    writeCredentials(stored);
    expect(statSync(credentialsFile()).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(credentialsFile())).mode & 0o777).toBe(0o700);
    expect(readCredentials(stored.consoleUrl, before)).toEqual(stored);
  });

  it("is never handed to another console, nor used once expired", () => {
    writeCredentials(stored);
    expect(readCredentials("https://evil.example", before)).toBeNull();
    expect(readCredentials(stored.consoleUrl, new Date(stored.expiresAt))).toBeNull();
  });

  it("is gone once forgotten, and absent or unreadable means signed out", () => {
    expect(readCredentials(stored.consoleUrl, before)).toBeNull();
    writeCredentials(stored);
    forgetCredentials();
    expect(readCredentials(stored.consoleUrl, before)).toBeNull();
  });
});
