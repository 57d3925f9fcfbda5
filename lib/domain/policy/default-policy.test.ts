import { describe, expect, it } from "vitest";
import type { Policy } from "../policy";
import { defaultPolicyDocument, legacyEvaluation, policyDocumentFromVersion } from "./default-policy";
import { policyDocumentSchema } from "./document";
import { evaluatePolicy } from "./evaluate";
import { lintPolicy } from "./lint";
import { facts } from "./test-documents";

const seeded: Policy = { id: "p", version: 1, name: "Default policy", requiredApprovals: 1, approverGroups: ["reviewers"], ttlSeconds: 3600 };

describe("the shipped default policy as a document", () => {
  it("is a valid document that lints clean", () => {
    const document = defaultPolicyDocument();
    expect(policyDocumentSchema.parse(document)).toEqual(document);
    expect(lintPolicy(document, { groupSizes: { reviewers: 1 } })).toEqual([]);
  });

  it("decides like the stored v1 policy: one approval from reviewers within an hour", () => {
    const e = evaluatePolicy(defaultPolicyDocument(), facts({ action: "iam.role.attach", environment: "production" }));
    expect({ ...e, signals: [] }).toEqual(legacyEvaluation(seeded.requiredApprovals, seeded.approverGroups, seeded.ttlSeconds));
  });

  it("converts a stored version, with its groups, quorum and time to live", () => {
    const document = policyDocumentFromVersion({ ...seeded, requiredApprovals: 2, approverGroups: ["ops", "sre"], ttlSeconds: 5400 });
    expect(document.default).toEqual({ outcome: "require", stages: [{ approvals: 2, groups: ["ops", "sre"] }], ttl: "1h30m" });
    expect(policyDocumentSchema.safeParse(document).success).toBe(true);
  });

  it("converts a version that needed no approvals to an auto-approve the linter still questions", () => {
    const document = policyDocumentFromVersion({ ...seeded, requiredApprovals: 0 });
    expect(document.default).toEqual({ outcome: "auto-approve" });
    expect(lintPolicy(document, { groupSizes: {} }).map((f) => f.code)).toEqual(["production-auto-approve"]);
  });
});
