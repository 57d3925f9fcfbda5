/** Policy evaluation cost per request with a 500-rule policy. Run: npx tsx -e "import('./scripts/bench/policy.ts').then(m=>m.benchPolicy())" */
import { compilePolicy } from "../../lib/domain/policy/compile";
import { policyDocumentSchema } from "../../lib/domain/policy/document";
import { evaluatePolicy } from "../../lib/domain/policy/evaluate";
import type { RequestFacts } from "../../lib/domain/policy/facts";
import { RISK_SIGNALS } from "../../lib/domain/policy/risk-signal-names";
import { createRng } from "../../lib/domain/masking/corpus/random";

const SERVICES = 100;

/** 500 rules of every kind a real policy has: action and resource globs, environments, owners, risk, CEL conditions. */
function bigPolicy(rules: number) {
  const r = createRng(42);
  return policyDocumentSchema.parse({
    name: "bench",
    rules: Array.from({ length: rules }, (_, i) => {
      const service = `svc${i % SERVICES}`;
      const match = r.pick([
        () => ({ action: `${service}.read*`, environment: "staging" }),
        () => ({ action: [`${service}.write.*`, `${service}.delete*`], environment: ["production", "prod-*"] }),
        () => ({ action: `${service}.*`, resource: `arn:aws:${service}:::bucket-${i}/**` }),
        () => ({ agent: `agent-${i}`, ownerGroups: [`team-${i % 20}`] }),
        () => ({ action: `${service}.admin.*`, risk: [r.pick([...RISK_SIGNALS])] }),
      ])();
      const outcome = r.pick([
        () => ({ outcome: "deny", message: `rule ${i}` }),
        () => ({ outcome: "auto-approve" }),
        () => ({ outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }, { approvals: 1, groups: ["security"] }], ttl: "2h", stepUp: 15 }),
      ])();
      return { name: `rule ${i}`, match, ...(i % 10 === 0 && { when: `parameters.rows > ${i} && "production" in signals` }), ...outcome };
    }),
    default: { outcome: "require", stages: [{ approvals: 1, groups: ["reviewers"] }], ttl: "1h" },
  });
}

function requests(n: number): RequestFacts[] {
  const r = createRng(7);
  return Array.from({ length: n }, () => {
    const service = `svc${r.int(0, SERVICES * 2)}`; // half the services no rule names: those scan all 500 rules
    return {
      action: `${service}.${r.pick(["read_rows", "write.table", "delete_user", "admin.grant", "export"])}`,
      resource: `arn:aws:${service}:::bucket-${r.int(0, 600)}/key/${r.int(0, 9)}`,
      environment: r.pick(["staging", "production", "prod-eu", "dev"]),
      agent: { id: `agent-${r.int(0, 1000)}`, name: `agent-${r.int(0, 1000)}` },
      ownerGroups: [`team-${r.int(0, 40)}`],
      signals: r.chance(0.5) ? ["production"] : [],
      parameters: { rows: r.int(0, 1000) },
    };
  });
}

export async function benchPolicy(): Promise<void> {
  const document = bigPolicy(500);
  const compileStart = performance.now();
  const policy = compilePolicy(document);
  const compileMs = performance.now() - compileStart;
  const batch = requests(5000);
  for (const facts of batch) evaluatePolicy(policy, facts); // warm-up
  const samples: number[] = [];
  let fallThrough = 0;
  for (let round = 0; round < 4; round++) {
    for (const facts of batch) {
      const t = process.hrtime.bigint();
      const result = evaluatePolicy(policy, facts);
      samples.push(Number(process.hrtime.bigint() - t) / 1000);
      if (result.rule === "default") fallThrough++;
    }
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? Number.NaN;
  console.log(
    `policy evaluation, 500 rules (compiled once in ${compileMs.toFixed(1)} ms), ${samples.length} requests, ${((100 * fallThrough) / samples.length).toFixed(0)}% reaching the default: median ${at(50).toFixed(1)} µs, p99 ${at(99).toFixed(1)} µs per request (target median < 50)`,
  );
}
