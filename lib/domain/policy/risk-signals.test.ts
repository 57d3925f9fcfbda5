import { describe, expect, it } from "vitest";
import { deriveRiskSignals, heldSecrets, isProductionEnvironment, sqlTexts, terraformDestroys } from "./risk-signals";
import { widensIamToWildcard } from "./iam-wildcard";
import { isDestructiveSql } from "./sql-destructive";

const plan = (...actions: string[][]) =>
  JSON.stringify({
    format_version: "1.2",
    resource_changes: actions.map((a, i) => ({ address: `aws_s3_bucket.b${i}`, type: "aws_s3_bucket", change: { actions: a, before: {}, after: {} } })),
  });

describe("terraform-destroys", () => {
  it("fires on a plan that deletes a resource", () => expect(terraformDestroys({ format: "terraform-plan", after: plan(["create"], ["delete"]) })).toBe(true));
  it("fires on a replacement, in either order", () => {
    expect(terraformDestroys({ format: "terraform-plan", after: plan(["delete", "create"]) })).toBe(true);
    expect(terraformDestroys({ format: "terraform-plan", after: plan(["create", "delete"]) })).toBe(true);
  });
  it("does not fire on creates, updates, reads and no-ops", () =>
    expect(terraformDestroys({ format: "terraform-plan", after: plan(["create"], ["update"], ["read"], ["no-op"]) })).toBe(false));
  it("does not fire on a plan that is not JSON, nor on a text change that mentions delete", () => {
    expect(terraformDestroys({ format: "terraform-plan", after: "not json" })).toBe(false);
    expect(terraformDestroys({ format: "hcl", before: "", after: '# delete\nresource "x" "y" {}' })).toBe(false);
  });
});

const policy = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const allow = (Action: unknown, Resource: unknown) => ({ Effect: "Allow", Action, Resource });

describe("iam-wildcard", () => {
  it("fires on an Allow of every action", () => expect(widensIamToWildcard({ policyDocument: policy(allow("*", "arn:aws:s3:::logs")) })).toBe(true));
  it("fires on an Allow on every resource, in a list", () => expect(widensIamToWildcard({ policyDocument: policy(allow(["s3:GetObject"], ["arn:aws:s3:::a", "*"])) })).toBe(true));
  it("fires on a policy embedded as a JSON string (Terraform's policy attribute)", () =>
    expect(widensIamToWildcard({ format: "terraform-plan", after: JSON.stringify({ resource_changes: [{ change: { actions: ["update"], before: { policy: JSON.stringify(policy(allow("s3:GetObject", "arn:aws:s3:::a"))) }, after: { policy: JSON.stringify(policy(allow("s3:GetObject", "*"))) } } }] }) })).toBe(true));
  it("fires when a change's new side adds the wildcard", () =>
    expect(widensIamToWildcard(undefined, { format: "json", before: JSON.stringify(policy(allow("s3:GetObject", "arn:aws:s3:::a"))), after: JSON.stringify(policy(allow("s3:*", "*"))) })).toBe(true));
  it("does not fire on a prefix wildcard, a bucket path or a Deny", () => {
    expect(widensIamToWildcard({ policyDocument: policy(allow("s3:Get*", "arn:aws:s3:::bucket/*")) })).toBe(false);
    expect(widensIamToWildcard({ policyDocument: policy({ Effect: "Deny", Action: "*", Resource: "*" }) })).toBe(false);
  });
  it("does not fire when the wildcard was already there (nothing widens)", () => {
    const same = JSON.stringify(policy(allow("*", "*")));
    expect(widensIamToWildcard(undefined, { format: "json", before: same, after: same })).toBe(false);
  });
  it("does not fire on a star outside a policy statement", () => expect(widensIamToWildcard({ glob: "*", Action: "*" })).toBe(false));
});

describe("sql-destructive", () => {
  it.each(["DROP TABLE users", "drop database prod;", "TRUNCATE orders", "truncate table a, b cascade", "DELETE FROM users", "delete from users where true", "DELETE FROM t WHERE 1=1", "SELECT 1; DELETE FROM audit", "WITH x AS (SELECT 1) DELETE FROM t", "ALTER TABLE users DROP COLUMN email"])(
    "fires on %s",
    (sql) => expect(isDestructiveSql(sql)).toBe(true),
  );
  it.each([
    "DELETE FROM users WHERE id = 42",
    "delete from t where created_at < now() - interval '30 days' returning id",
    "SELECT 'DROP TABLE users' AS joke",
    "-- DROP TABLE users\nSELECT 1",
    "/* TRUNCATE orders */ SELECT count(*) FROM orders",
    'SELECT "delete from" FROM t',
    "SELECT drop_date FROM shipments",
    "UPDATE users SET deleted = true WHERE id = 1",
    "ALTER TABLE users DROP CONSTRAINT users_email_key",
    "truncate -s 0 /var/log/app.log",
    "DO $$ BEGIN PERFORM 'DELETE FROM x'; END $$",
  ])("does not fire on %s", (sql) => expect(isDestructiveSql(sql)).toBe(false));
  it("reads SQL-named parameters and sql changes, not shell commands or prose", () => {
    expect(sqlTexts({ query: "DROP TABLE a", nested: { statements: ["x"] }, command: "rm -rf /tmp/x", summary: "delete from the cache" }, { format: "sql", before: "", after: "TRUNCATE t" })).toEqual(["DROP TABLE a", "x", "TRUNCATE t"]);
  });
});

describe("production", () => {
  it.each(["production", "Prod", "prd", "prod-eu-west-1", "live"])("fires on %s", (env) => expect(isProductionEnvironment(env)).toBe(true));
  it.each(["staging", "preprod", "non-prod", "production2", "dev"])("does not fire on %s", (env) => expect(isProductionEnvironment(env)).toBe(false));
});

describe("secrets-masked", () => {
  it("fires when masking replaced a credential", () => expect(heldSecrets({ aws_secret_access_key: 1 })).toBe(true));
  it("fires on custom kinds, which an operator added because they matter", () => expect(heldSecrets({ customer_token: 2 })).toBe(true));
  it("does not fire on personal data alone, nor on zero counts", () => expect(heldSecrets({ email: 3, ip_address: 1, password: 0 })).toBe(false));
});

describe("deriveRiskSignals", () => {
  it("lists every signal a request carries, in a fixed order", () =>
    expect(deriveRiskSignals({ environment: "production", parameters: { sql: "DROP TABLE t" }, change: { format: "terraform-plan", after: plan(["delete"]) }, counts: { password: 1 } })).toEqual([
      "terraform-destroys",
      "sql-destructive",
      "production",
      "secrets-masked",
    ]));
  it("gives none for a plain staging read", () => expect(deriveRiskSignals({ environment: "staging", parameters: { query: "SELECT 1" }, change: null, counts: {} })).toEqual([]));
});
