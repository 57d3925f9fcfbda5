import { assert, describe, expect, it } from "vitest";
import { buildChangeModel } from "./change-model";
import type { ChangeModel } from "./types";

function asDiff(model: ChangeModel | null) {
  if (model?.kind !== "diff") throw new Error(`expected a diff, got ${model?.kind}`);
  return model;
}

/** The model's `n`-th file, failing the test if there is none. */
function fileOf(model: ReturnType<typeof asDiff>, n = 0) {
  const file = model.files[n];
  assert.isDefined(file, `file ${n} of the diff`);
  return file;
}

describe("buildChangeModel: text formats", () => {
  it("returns null when there is no change", () => {
    expect(buildChangeModel(null)).toBeNull();
    expect(buildChangeModel(undefined)).toBeNull();
  });

  it("diffs before and after of a yaml change under a format-specific file name", () => {
    const model = asDiff(buildChangeModel({ format: "yaml", before: "replicas: 2\n", after: "replicas: 5\n" }));
    expect(model.format).toBe("yaml");
    expect(fileOf(model).displayName).toBe("change.yaml");
    expect(model.additions).toBe(1);
    expect(model.deletions).toBe(1);
  });

  it("treats a missing side as empty", () => {
    const model = asDiff(buildChangeModel({ format: "sql", after: "DROP TABLE users;\n" }));
    expect(fileOf(model).status).toBe("added");
    expect(model.additions).toBe(1);
    expect(model.deletions).toBe(0);
  });
});

describe("buildChangeModel: json", () => {
  it("ignores key order and formatting", () => {
    const model = asDiff(buildChangeModel({ format: "json", before: '{"b":1,"a":{"y":2,"x":1}}', after: '{\n  "a": {"x": 1, "y": 2},\n  "b": 1\n}' }));
    expect(fileOf(model).hunks).toEqual([]);
    expect(model.additions + model.deletions).toBe(0);
  });

  it("reports only the value that changed, on sorted pretty-printed lines", () => {
    const model = asDiff(buildChangeModel({ format: "json", before: '{"replicas":2,"image":"api:1.0"}', after: '{"image":"api:1.1","replicas":2}' }));
    const changed = fileOf(model).hunks.flatMap((h) => h.lines).filter((l) => l.kind !== "context");
    expect(changed.map((l) => [l.kind, l.text])).toEqual([
      ["del", '  "image": "api:1.0",'],
      ["add", '  "image": "api:1.1",'],
    ]);
    expect(changed[0]?.oldNumber).toBe(2);
    expect(changed[1]?.newNumber).toBe(2);
  });

  it("keeps masked placeholders verbatim", () => {
    const model = asDiff(buildChangeModel({ format: "json", before: '{"key":"[aws_secret_access_key:3f9a1c]"}', after: '{"key":"[aws_secret_access_key:77aa00]"}' }));
    const texts = fileOf(model).hunks.flatMap((h) => h.lines).map((l) => l.text);
    expect(texts).toContain('  "key": "[aws_secret_access_key:3f9a1c]"');
    expect(texts).toContain('  "key": "[aws_secret_access_key:77aa00]"');
  });

  it("falls back to a text diff with a note when a side is not JSON", () => {
    const model = asDiff(buildChangeModel({ format: "json", before: "{not json", after: '{"a":1}' }));
    expect(model.note).toMatch(/not valid JSON/);
    expect(fileOf(model).hunks[0]?.lines.map((l) => [l.kind, l.text])).toEqual([
      ["del", "{not json"],
      ["add", '{"a":1}'],
    ]);
  });
});

describe("buildChangeModel: unified patches", () => {
  const patch = [
    "diff --git a/src/app.ts b/src/app.ts",
    "index 1111111..2222222 100644",
    "--- a/src/app.ts",
    "+++ b/src/app.ts",
    "@@ -10,3 +10,4 @@ export function main() {",
    " const a = 1;",
    "-const b = 2;",
    "+const b = 3;",
    "+const c = 4;",
    " return a + b;",
    "diff --git a/README.md b/README.md",
    "new file mode 100644",
    "--- /dev/null",
    "+++ b/README.md",
    "@@ -0,0 +1,2 @@",
    "+# Title",
    "+text",
    "",
  ].join("\n");

  it("parses every file with clean names, statuses and hunk-relative line numbers", () => {
    const model = asDiff(buildChangeModel({ format: "unified", patch }));
    expect(model.files.map((f) => [f.displayName, f.status, f.additions, f.deletions])).toEqual([
      ["src/app.ts", "modified", 2, 1],
      ["README.md", "added", 2, 0],
    ]);
    expect(model.additions).toBe(4);
    expect(model.deletions).toBe(1);
    const [first] = fileOf(model).hunks;
    assert.isDefined(first);
    expect(first.header).toBe("@@ -10,3 +10,4 @@");
    expect(first.lines.map((l) => [l.kind, l.oldNumber, l.newNumber])).toEqual([
      ["context", 10, 10],
      ["del", 11, null],
      ["add", null, 11],
      ["add", null, 12],
      ["context", 12, 13],
    ]);
    expect(fileOf(model, 1).hunks[0]?.lines.map((l) => l.newNumber)).toEqual([1, 2]);
  });

  it("shows a rename as old → new", () => {
    const model = asDiff(
      buildChangeModel({ format: "unified", patch: "--- a/old.txt\n+++ b/new.txt\n@@ -1 +1 @@\n-x\n+y\n" }),
    );
    expect(fileOf(model).status).toBe("renamed");
    expect(fileOf(model).displayName).toBe("old.txt → new.txt");
  });

  it("shows text that is not a patch as sent, with a note", () => {
    const model = buildChangeModel({ format: "unified", patch: "this is not a patch" });
    expect(model).toMatchObject({ kind: "raw", language: "text", text: "this is not a patch" });
  });

  it("shows a malformed hunk as sent instead of throwing", () => {
    const model = buildChangeModel({ format: "unified", patch: "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n-only one line\n" });
    expect(model?.kind).toBe("raw");
  });
});

describe("buildChangeModel: other inputs", () => {
  it("shows an unknown format as pretty JSON", () => {
    const model = buildChangeModel({ format: "xml", before: "<a/>" });
    expect(model).toMatchObject({ kind: "raw", format: "unknown", language: "json" });
    expect(model?.kind === "raw" && model.text).toContain('"format": "xml"');
  });

  it("summarises a terraform plan", () => {
    const plan = { resource_changes: [{ address: "aws_s3_bucket.logs", type: "aws_s3_bucket", change: { actions: ["create"], before: null, after: {} } }] };
    const model = buildChangeModel({ format: "terraform-plan", after: JSON.stringify(plan) });
    expect(model?.kind).toBe("terraform-plan");
  });

  it("falls back to the text when the plan is not JSON, and to pretty JSON when it is JSON but not a plan", () => {
    expect(buildChangeModel({ format: "terraform-plan", after: "Plan: 1 to add" })).toMatchObject({ kind: "raw", language: "text", text: "Plan: 1 to add" });
    const notPlan = buildChangeModel({ format: "terraform-plan", after: '{"z":1,"a":2}' });
    expect(notPlan).toMatchObject({ kind: "raw", language: "json", text: '{\n  "a": 2,\n  "z": 1\n}' });
  });
});

describe("buildChangeModel: JSON nested deeper than the door admits, inside a string", () => {
  // A string field carries any JSON text; printing one thousands of levels deep overflows the stack.
  const deep = "[".repeat(20_000) + "]".repeat(20_000);

  it("compares json texts as written, saying why", () => {
    const model = asDiff(buildChangeModel({ format: "json", before: "{}", after: deep }));
    expect(model.note).toMatch(/nests deeper than 64 levels/);
    expect(model.additions).toBe(1);
  });

  it("shows a terraform plan as sent, saying why", () => {
    expect(buildChangeModel({ format: "terraform-plan", after: `{"resource_changes":${deep}}` })).toMatchObject({ kind: "raw", note: expect.stringMatching(/nests deeper than 64 levels/) });
  });

  it("still summarises a plan nested right up to the limit", () => {
    let inner: unknown = "new";
    for (let i = 0; i < 56; i++) inner = { block: inner };
    const plan = { resource_changes: [{ address: "aws_instance.web", type: "aws_instance", change: { actions: ["update"], before: { tags: {} }, after: { tags: inner } } }] };
    const model = buildChangeModel({ format: "terraform-plan", after: JSON.stringify(plan) });
    expect(model).toMatchObject({ kind: "terraform-plan", plan: { counts: { update: 1 } } });
  });
});

describe("buildChangeModel: JSON documents inside JSON strings", () => {
  it("lists the changes inside a string that holds a document (a JSON column), beside the line diff", () => {
    const row = (plan: string) => JSON.stringify({ id: 7, settings: JSON.stringify({ plan, seats: 5 }) });
    const model = asDiff(buildChangeModel({ format: "json", before: row("team"), after: row("enterprise") }));
    expect(model.documents).toEqual([
      { path: "settings", before: expect.any(String), after: expect.any(String), document: [{ path: "plan", before: '"team"', after: '"enterprise"' }] },
    ]);
    expect(model.additions).toBe(1);
  });

  it("has no documents when no string holds one", () => {
    expect(asDiff(buildChangeModel({ format: "json", before: '{"a":"x"}', after: '{"a":"y"}' })).documents).toBeUndefined();
  });
});
