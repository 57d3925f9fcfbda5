import { describe, expect, it } from "vitest";
import { classifyActions, summarizeTerraformPlan } from "./terraform-plan";

const plan = {
  format_version: "1.2",
  terraform_version: "1.9.5",
  resource_changes: [
    { address: "aws_s3_bucket.logs", type: "aws_s3_bucket", change: { actions: ["create"], before: null, after: { bucket: "logs" }, after_unknown: { arn: true } } },
    {
      address: "aws_security_group.web",
      type: "aws_security_group",
      change: {
        actions: ["update"],
        before: { name: "web", description: "old", tags: { Env: "prod", Team: "a" }, ingress: [{ port: 22, cidr_blocks: ["10.0.0.0/8"] }], arn: "arn:1" },
        after: { name: "web", description: "new", tags: { Env: "prod", Owner: "b" }, ingress: [{ port: 22, cidr_blocks: ["0.0.0.0/0"] }] },
        after_unknown: { arn: true },
        before_sensitive: {},
        after_sensitive: {},
      },
    },
    { address: "aws_instance.old", type: "aws_instance", change: { actions: ["delete"], before: { id: "i-1" }, after: null } },
    {
      address: "aws_db_instance.main",
      type: "aws_db_instance",
      change: {
        actions: ["delete", "create"],
        before: { engine_version: "13", password: "x", identifier: "main" },
        after: { engine_version: "16", password: "y", identifier: "main" },
        after_unknown: {},
        before_sensitive: { password: true },
        after_sensitive: { password: true },
        replace_paths: [["engine_version"]],
      },
    },
    { address: "aws_iam_role.same", type: "aws_iam_role", change: { actions: ["no-op"], before: { a: 1 }, after: { a: 1 } } },
    { address: "data.aws_caller_identity.me", mode: "data", change: { actions: ["read"] } },
  ],
  output_changes: {
    url: { actions: ["update"], before: "http://a", after: "http://b" },
    id: { actions: ["no-op"], before: "1", after: "1" },
    secret: { actions: ["create"], before: null, after: "s", after_sensitive: true },
  },
};

describe("classifyActions", () => {
  it("maps Terraform's action lists to one verb", () => {
    expect(classifyActions(["create"])).toBe("create");
    expect(classifyActions(["update"])).toBe("update");
    expect(classifyActions(["delete"])).toBe("delete");
    expect(classifyActions(["delete", "create"])).toBe("replace");
    expect(classifyActions(["create", "delete"])).toBe("replace");
    expect(classifyActions(["read"])).toBe("read");
    expect(classifyActions(["no-op"])).toBe("no-op");
  });
});

describe("summarizeTerraformPlan", () => {
  const summary = summarizeTerraformPlan(plan)!;

  it("lists the resources that change, in plan order, leaving out no-ops and reads", () => {
    expect(summary.terraformVersion).toBe("1.9.5");
    expect(summary.resources.map((r) => [r.address, r.action])).toEqual([
      ["aws_s3_bucket.logs", "create"],
      ["aws_security_group.web", "update"],
      ["aws_instance.old", "delete"],
      ["aws_db_instance.main", "replace"],
    ]);
    expect(summary.counts).toEqual({ create: 1, update: 1, delete: 1, replace: 1 });
  });

  it("gives an update's changed attributes with before and after, leaf by leaf", () => {
    const web = summary.resources.find((r) => r.address === "aws_security_group.web")!;
    expect(web.attributes).toEqual([
      { path: "arn", before: '"arn:1"', after: null, unknownAfter: true },
      { path: "description", before: '"old"', after: '"new"' },
      { path: "ingress[0].cidr_blocks", before: '["10.0.0.0/8"]', after: '["0.0.0.0/0"]' },
      { path: "tags.Owner", before: null, after: '"b"' },
      { path: "tags.Team", before: '"a"', after: null },
    ]);
  });

  it("hides sensitive values and flags attributes that force replacement", () => {
    const db = summary.resources.find((r) => r.address === "aws_db_instance.main")!;
    expect(db.attributes).toEqual([
      { path: "engine_version", before: '"13"', after: '"16"', forcesReplacement: true },
      { path: "password", before: "(sensitive)", after: "(sensitive)", sensitive: true },
    ]);
  });

  it("does not list attributes for creates and deletes", () => {
    expect(summary.resources[0]?.attributes).toEqual([]);
    expect(summary.resources[2]?.attributes).toEqual([]);
  });

  it("summarises changed outputs, hiding sensitive ones", () => {
    expect(summary.outputs).toEqual([
      { name: "secret", action: "create", before: "(sensitive)", after: "(sensitive)" },
      { name: "url", action: "update", before: '"http://a"', after: '"http://b"' },
    ]);
  });

  it("returns null for JSON that is not a plan", () => {
    expect(summarizeTerraformPlan({ hello: "world" })).toBeNull();
    expect(summarizeTerraformPlan([1, 2])).toBeNull();
    expect(summarizeTerraformPlan("plan")).toBeNull();
  });
});

describe("summarizeTerraformPlan: flags and documents", () => {
  const iam = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
  const flagged = summarizeTerraformPlan({
    resource_changes: [
      { address: "aws_iam_policy.reader", type: "aws_iam_policy", change: { actions: ["update"], before: { policy: iam("s3:GetObject") }, after: { policy: iam("s3:*") } } },
      { address: "aws_db_instance.main", type: "aws_db_instance", change: { actions: ["delete"], before: { password: "x" }, after: null, before_sensitive: { password: true } } },
      { address: "aws_s3_bucket.logs", type: "aws_s3_bucket", change: { actions: ["create"], before: null, after: { bucket: "logs" }, after_sensitive: {} } },
    ],
  })!;

  it("flags deletes and replacements as destructive, and resources with sensitive values, counting both", () => {
    expect(flagged.resources.map((r) => [r.address, r.destructive, r.sensitive])).toEqual([
      ["aws_iam_policy.reader", false, false],
      ["aws_db_instance.main", true, true],
      ["aws_s3_bucket.logs", false, false],
    ]);
    expect(flagged.flags).toEqual({ destructive: 1, sensitive: 1 });
    expect(summarizeTerraformPlan(plan)?.flags).toEqual({ destructive: 2, sensitive: 1 });
  });

  it("shows the change inside an IAM policy document instead of two escaped strings", () => {
    expect(flagged.resources[0]?.attributes[0]?.document).toEqual([{ path: "Statement[0].Action", before: '"s3:GetObject"', after: '"s3:*"' }]);
  });
});
