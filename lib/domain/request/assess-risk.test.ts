import { describe, expect, it } from "vitest";
import type { RiskSignal } from "../policy/risk-signal-names";
import { assessRisk, riskRank } from "./assess-risk";

const assess = (action: string, signals: RiskSignal[] = [], parameters: unknown = {}, environment = "staging") =>
  assessRisk({ action, environment, parameters }, { signals });
const kinds = (r: ReturnType<typeof assessRisk>) => r.factors.map((f) => `${f.kind}:${f.level}`);

describe("assessRisk", () => {
  it("given a staging read, when assessed, then it carries no risk", () => {
    expect(assess("db.read")).toEqual({ level: "none", factors: [] });
  });

  it("given production alone, then it is low with the environment named", () => {
    const r = assess("db.read", ["production"], {}, "prod-eu");
    expect(r.level).toBe("low");
    expect(r.factors[0]?.reason).toBe("Runs in production (prod-eu)");
  });

  it("given a production IAM wildcard, then it is high, unlike a staging read", () => {
    const r = assess("iam.put-policy", ["production", "iam-wildcard"], {}, "production");
    expect(r.level).toBe("high");
    expect(kinds(r)).toEqual(["production:low", "privilege-widening:high"]);
    expect(r.factors[1]?.reason).toMatch(/allows every action or every resource/);
  });

  it("given an identity action without a wildcard, then privilege widening is medium outside production, high in it", () => {
    expect(kinds(assess("iam.attach-role"))).toEqual(["privilege-widening:medium"]);
    expect(kinds(assess("github.grant-admin", ["production"]))).toEqual(["production:low", "privilege-widening:high"]);
  });

  it("given destructive actions, plans and SQL, then one destructive factor lists each reason", () => {
    for (const action of ["db.drop-table", "s3.delete_bucket", "terraform.destroy", "k8s.replace"]) expect(kinds(assess(action))).toEqual(["destructive:medium"]);
    const r = assess("terraform.apply", ["terraform-destroys", "sql-destructive", "production"]);
    expect(kinds(r)).toEqual(["production:low", "destructive:high"]);
    expect(r.factors[1]?.reason).toBe("Destructive in production: the Terraform plan deletes or replaces resources; its SQL drops, truncates or deletes whole tables");
  });

  it("does not read 'delete' inside a word as destructive", () => {
    expect(assess("ticket.undeleted-list").factors).toEqual([]);
  });

  it("given masked credentials, then secrets in context is medium", () => {
    expect(kinds(assess("deploy.run", ["secrets-masked"]))).toEqual(["secrets:medium"]);
  });

  it("given an export above the row or size threshold, then it is a high large export; at or below it, nothing", () => {
    expect(assess("db.export", [], { rows: 250000 }).factors[0]?.reason).toBe("Large data export: 250,000 rows (over 10,000)");
    expect(assess("s3.download", [], { options: { max_bytes: "524288000" } }).factors[0]?.reason).toBe("Large data export: 500 MB (over 100 MB)");
    expect(assess("db.export", [], { rows: 10000 }).factors).toEqual([]);
    expect(assess("db.read", [], { rows: 250000 }).factors).toEqual([]);
  });

  it("ranks levels none < low < medium < high", () => {
    expect(["none", "low", "medium", "high"].map((l) => riskRank(l as never))).toEqual([0, 1, 2, 3]);
  });
});
