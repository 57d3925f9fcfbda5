import { describe, expect, it } from "vitest";
import { parseEmbeddedDocument, structuralChanges } from "./structural-changes";

const policy = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "arn:aws:s3:::logs/*" }] });

describe("structuralChanges: documents inside strings", () => {
  it("diffs an IAM policy held in a string as a document, down to the action that changed", () => {
    const [change, ...rest] = structuralChanges({ policy: policy("s3:GetObject") }, { policy: policy("s3:*") });
    expect(rest).toEqual([]);
    expect(change?.path).toBe("policy");
    expect(change?.document).toEqual([{ path: "Statement[0].Action", before: '"s3:GetObject"', after: '"s3:*"' }]);
  });

  it("goes on into a document inside a document", () => {
    const wrap = (action: string) => JSON.stringify({ name: "reader", inline: policy(action) });
    const [change] = structuralChanges({ role: wrap("s3:GetObject") }, { role: wrap("s3:*") });
    expect(change?.document?.[0]?.path).toBe("inline");
    expect(change?.document?.[0]?.document).toEqual([{ path: "Statement[0].Action", before: '"s3:GetObject"', after: '"s3:*"' }]);
  });

  it("keeps a masked placeholder as it is: it is not a document, and nothing inside a document is unmasked", () => {
    expect(parseEmbeddedDocument("[aws_secret_access_key:3f9a1c]")).toBeNull();
    const [plain] = structuralChanges({ key: "[aws_secret_access_key:3f9a1c]" }, { key: "[aws_secret_access_key:77aa00]" });
    expect(plain).toEqual({ path: "key", before: '"[aws_secret_access_key:3f9a1c]"', after: '"[aws_secret_access_key:77aa00]"' });
    const doc = (v: string) => JSON.stringify({ token: v });
    const [nested] = structuralChanges({ cfg: doc("[github_token:111111]") }, { cfg: doc("[github_token:222222]") });
    expect(nested?.document).toEqual([{ path: "token", before: '"[github_token:111111]"', after: '"[github_token:222222]"' }]);
  });

  it("leaves scalars in strings, text that is not JSON, and a document on one side only as plain values", () => {
    expect(parseEmbeddedDocument("42")).toBeNull();
    expect(parseEmbeddedDocument("{not json")).toBeNull();
    expect(structuralChanges({ n: "41" }, { n: "42" })[0]?.document).toBeUndefined();
    expect(structuralChanges({ p: "none" }, { p: policy("s3:*") })[0]?.document).toBeUndefined();
  });

  it("stops reading documents inside strings after a few levels, however deep a hostile value nests them", () => {
    let before: unknown = { v: 1 };
    let after: unknown = { v: 2 };
    for (let i = 0; i < 8; i++) {
      before = { d: JSON.stringify(before) };
      after = { d: JSON.stringify(after) };
    }
    let change = structuralChanges(before, after)[0];
    let levels = 0;
    while (change?.document) {
      levels++;
      change = change.document[0];
    }
    expect(levels).toBe(4);
    expect(change?.path).toBe("d");
  });

  it("walks objects by key and arrays of structures by index, comparing arrays of scalars whole", () => {
    expect(structuralChanges({ a: { b: [1, 2] }, c: [{ x: 1 }] }, { a: { b: [1, 3] }, c: [{ x: 2 }, { x: 3 }] })).toEqual([
      { path: "a.b", before: "[1,2]", after: "[1,3]" },
      { path: "c[0].x", before: "1", after: "2" },
      { path: "c[1].x", before: null, after: "3" },
    ]);
  });
});
