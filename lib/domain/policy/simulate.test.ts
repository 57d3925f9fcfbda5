import { describe, expect, it } from "vitest";
import { simulatePolicy } from "./simulate";
import { CONTRACT_YAML, facts, policy } from "./test-documents";

describe("simulatePolicy", () => {
  const current = policy(CONTRACT_YAML);
  const draft = policy(CONTRACT_YAML.replace('match: { action: "db.read*", environment: staging }', 'match: { action: "db.read*" }').replace("ttl: 2h", "ttl: 4h").replace("name: no drops through agents", "name: never drop"));
  const requests = [
    { ...facts({ action: "db.read", environment: "production" }), id: "r1" }, // default → auto-approve
    { ...facts({ action: "db.read", environment: "staging" }), id: "r2" }, // auto-approve both
    { ...facts({ action: "iam.role.attach", environment: "production" }), id: "r3" }, // ttl 2h → 4h
    { ...facts({ action: "db.drop", environment: "staging" }), id: "r4" }, // renamed rule, same decision
  ];

  it("gives each request's decision before and after, and whether it changed", () => {
    const { results } = simulatePolicy(draft, current, requests);
    expect(results.map((r) => [r.id, r.before.outcome, r.after.outcome, r.changed])).toEqual([
      ["r1", "require", "auto-approve", true],
      ["r2", "auto-approve", "auto-approve", false],
      ["r3", "require", "require", true],
      ["r4", "deny", "deny", false],
    ]);
    expect([results[2]?.before.ttlSeconds, results[2]?.after.ttlSeconds]).toEqual([7200, 14_400]);
    expect([results[3]?.before.rule, results[3]?.after.rule]).toEqual(["no drops through agents", "never drop"]);
  });

  it("summarises the counts and the moves between outcomes", () => {
    expect(simulatePolicy(draft, current, requests).summary).toEqual({
      total: 4,
      changed: 2,
      before: { deny: 1, "auto-approve": 1, require: 2 },
      after: { deny: 1, "auto-approve": 2, require: 1 },
      transitions: [{ from: "require", to: "auto-approve", count: 1 }],
    });
  });

  it("reports nothing changed when the draft is the current version", () => {
    expect(simulatePolicy(current, current, requests).summary.changed).toBe(0);
  });
});
