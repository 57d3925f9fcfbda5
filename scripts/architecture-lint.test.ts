import { ESLint } from "eslint";
import { assert, describe, expect, it } from "vitest";

/**
 * The lint configuration is what keeps the layers apart; these cases prove each rule fires where it
 * should and stays quiet where the architecture allows the import.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.isDefined(result, "ESLint returns one result per text");
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe("architecture lint", () => {
  it.each([
    ["app/queue/page.tsx", `import { getDb } from "@/db/client";\nexport const x = getDb;\n`],
    ["app/api/x/route.ts", `import { events } from "../../../db/schema";\nexport const x = events;\n`],
    ["components/queue-row.tsx", `import { listQueue } from "@/lib/services/list-queue";\nexport const x = listQueue;\n`],
    ["lib/services/some-verb.ts", `import { headers } from "next/headers";\nexport const x = headers;\n`],
    ["lib/services/some-verb.ts", `import { withUser } from "@/lib/http/with-user";\nexport const x = withUser;\n`],
    ["lib/domain/some-rule.ts", `import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n`],
    ["lib/domain/some-rule.ts", `import { sql } from "drizzle-orm";\nexport const x = sql;\n`],
    ["lib/domain/some-rule.ts", `import { loadPolicy } from "../services/load-policy";\nexport const x = loadPolicy;\n`],
    ["packages/sdk/src/client.ts", `import { payloadDigest } from "../../../lib/domain/payload-digest";\nexport const x = payloadDigest;\n`],
    ["packages/sdk/src/client.ts", `import { payloadDigest } from "@/lib/domain/payload-digest";\nexport const x = payloadDigest;\n`],
  ])("refuses an import that climbs or crosses a layer: %s ← %s", async (file, code) => {
    expect(await problems(file, code)).toContain("no-restricted-imports");
  });

  it.each([
    ["lib/domain/some-rule.ts", `export const at = () => new Date();\n`, "no-restricted-syntax"],
    ["lib/domain/some-rule.ts", `export const at = () => Date.now();\n`, "no-restricted-properties"],
    ["lib/domain/some-rule.ts", `export const pick = () => Math.random();\n`, "no-restricted-properties"],
  ])("keeps the domain free of clocks and chance: %s", async (file, code, rule) => {
    expect(await problems(file, code)).toContain(rule);
  });

  it.each([
    ["app/api/x/route.ts", `import { listQueue } from "@/lib/services/list-queue";\nexport const x = listQueue;\n`],
    ["components/queue-row.tsx", `import type { QueuePage } from "@/lib/services/list-queue";\nexport type X = QueuePage;\n`],
    ["lib/services/some-verb.ts", `import { getDb } from "@/db/client";\nexport const x = getDb;\n`],
    ["lib/domain/some-rule.ts", `import { createHash } from "node:crypto";\nexport const at = (d: Date) => new Date(d.getTime()) && createHash;\n`],
    ["packages/sdk/src/client.ts", `import { payloadDigest } from "./payload-digest.js";\nimport { jwtVerify } from "jose";\nexport const x = [payloadDigest, jwtVerify];\n`],
  ])("allows what the layers allow: %s", async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
