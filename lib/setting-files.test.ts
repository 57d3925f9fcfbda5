import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { settingsFromFiles } from "./setting-files";

describe("settings given as files", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-settings-"));
  const file = path.join(dir, "signing-key");
  writeFileSync(file, '{"kty":"OKP"}\n');

  it("read NAME from NAME_FILE, trimmed, for key and secret settings only", () => {
    expect(settingsFromFiles({ SIGNING_KEY_FILE: file, CHECKPOINT_KEYS_RETIRED_FILE: file, DATABASE_URL_FILE: file })).toEqual({
      SIGNING_KEY: '{"kty":"OKP"}',
      CHECKPOINT_KEYS_RETIRED: '{"kty":"OKP"}',
    });
  });

  it("leave a setting given directly as it is", () => {
    expect(settingsFromFiles({ SIGNING_KEY: "direct", SIGNING_KEY_FILE: file })).toEqual({});
  });

  it("name the setting and the path of a file that cannot be read", () => {
    expect(() => settingsFromFiles({ MASKING_KEY_FILE: path.join(dir, "missing") })).toThrow(/^MASKING_KEY_FILE names a file that cannot be read \(ENOENT\)/);
  });
});
