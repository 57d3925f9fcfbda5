import type { CheckId } from "./control-checks";

/**
 * The controls a pack maps its evidence to: ISO/IEC 27001:2022 Annex A and SOC 2 (2017 TSC, revised
 * points of focus 2022). `checks` are the tests re-performed over the whole population (their
 * exceptions decide the result); `populations` the files that evidence the control without a test
 * Countersign can re-perform; `integrity` marks controls the pack's own verification (chain, log,
 * signatures) evidences. What Countersign does not evidence is said, never implied.
 */
export type ControlDefinition = {
  id: string;
  framework: "ISO/IEC 27001:2022" | "SOC 2";
  title: string;
  evidences: string;
  checks: readonly CheckId[];
  populations: readonly string[];
  integrity?: true;
  notYetEvidenced?: string;
};

export const CONTROLS: readonly ControlDefinition[] = [
  {
    id: "A.5.3", framework: "ISO/IEC 27001:2022", title: "Segregation of duties",
    evidences: "No request is approved by the agent's owner or the person it was made for; policy changes need a second administrator; refused self-approval attempts are recorded",
    checks: ["independent-approval", "policy-second-administrator", "self-approval-refused"], populations: ["decisions", "policy-versions"],
  },
  {
    id: "A.5.15", framework: "ISO/IEC 27001:2022", title: "Access control",
    evidences: "Agents' privileged actions run only under a grant issued for that request, within its expiry",
    checks: ["grant-before-execution", "grant-within-expiry"], populations: ["requests", "grants", "executions"],
  },
  {
    id: "A.5.16", framework: "ISO/IEC 27001:2022", title: "Identity management",
    evidences: "Every agent identity with its accountable owner; creation and revocation of agents and keys",
    checks: [], populations: ["agents", "agent-keys"],
  },
  {
    id: "A.5.17", framework: "ISO/IEC 27001:2022", title: "Authentication information",
    evidences: "Agent API keys issued, rotated and revoked (stored only as hashes; the pack holds their display prefixes)",
    checks: [], populations: ["agent-keys"],
  },
  {
    id: "A.5.18", framework: "ISO/IEC 27001:2022", title: "Access rights",
    evidences: "Sign-ins with the identity provider's groups at that moment (the role snapshot each decision was checked against)",
    checks: [], populations: ["sign-ins", "decisions"],
    notYetEvidenced: "periodic access reviews of who holds which role",
  },
  {
    id: "A.5.28", framework: "ISO/IEC 27001:2022", title: "Collection of evidence",
    evidences: "A signed pack whose every file is hashed, events hash-chained and Merkle-logged against signed checkpoints; verify re-performs every test",
    checks: [], populations: [], integrity: true,
  },
  {
    id: "A.5.33", framework: "ISO/IEC 27001:2022", title: "Protection of records",
    evidences: "The append-only event log: chain and transparency-log checkpoints prove no record was changed, removed or reordered",
    checks: [], populations: [], integrity: true,
  },
  {
    id: "A.8.2", framework: "ISO/IEC 27001:2022", title: "Privileged access rights",
    evidences: "Each privileged action an agent requested, who approved it, independently, and that it ran only under the grant",
    checks: ["grant-before-execution", "independent-approval", "break-glass-follow-up"], populations: ["requests", "decisions", "break-glass"],
  },
  {
    id: "A.8.5", framework: "ISO/IEC 27001:2022", title: "Secure authentication",
    evidences: "Deciders signed in through the OpenID Connect provider; each decision records the authentication time and methods the session stated",
    checks: [], populations: ["sign-ins", "decisions"],
    notYetEvidenced: "the identity provider's own MFA configuration",
  },
  {
    id: "A.8.11", framework: "ISO/IEC 27001:2022", title: "Data masking",
    evidences: "Secrets and personal data masked before storage: counts by kind per request",
    checks: [], populations: ["requests"],
    notYetEvidenced: "a re-performable test that no unmasked value was stored",
  },
  {
    id: "A.8.15", framework: "ISO/IEC 27001:2022", title: "Logging",
    evidences: "Every event of the period, chained and Merkle-logged, re-hashed by verify",
    checks: [], populations: [], integrity: true,
  },
  {
    id: "A.8.32", framework: "ISO/IEC 27001:2022", title: "Change management",
    evidences: "Policy changes approved by a second administrator; executed payloads equal the approved ones",
    checks: ["policy-second-administrator", "approved-digest-executed"], populations: ["policy-versions", "executions"],
  },
  {
    id: "CC6.1", framework: "SOC 2", title: "Logical access security measures",
    evidences: "Agents' privileged actions gated by grants bound to the payload and an expiry",
    checks: ["grant-before-execution", "grant-within-expiry", "approved-digest-executed"], populations: ["requests", "grants", "executions"],
  },
  {
    id: "CC6.2", framework: "SOC 2", title: "Registration and authorization of users",
    evidences: "Agent identities registered with an owner; keys issued and revoked",
    checks: [], populations: ["agents", "agent-keys"],
    notYetEvidenced: "joiner and leaver records of people (they live in the identity provider)",
  },
  {
    id: "CC6.3", framework: "SOC 2", title: "Role-based access and segregation of duties",
    evidences: "Independent approval, refused self-approval attempts, role snapshots at sign-in",
    checks: ["independent-approval", "self-approval-refused"], populations: ["decisions", "sign-ins"],
  },
  {
    id: "CC8.1", framework: "SOC 2", title: "Change management",
    evidences: "Changes approved before they run, executed as approved; break-glass reviewed after the fact; policy changes by two administrators",
    checks: ["approved-digest-executed", "break-glass-follow-up", "policy-second-administrator"], populations: ["executions", "break-glass", "policy-versions"],
  },
];

export type ControlResult = "effective" | "exceptions" | "not applicable" | "population only" | "re-performed by verify";

/**
 * A control's result from its tests' tallies: exceptions if any test found one, not applicable when
 * its tests had no population, effective otherwise. A control without a re-performable test is
 * "population only" (the auditor tests the files); an integrity control's verdict is verify's (the pack cannot vouch for its own integrity).
 */
export function controlResult(control: ControlDefinition, tallies: Record<CheckId, { population: number; exceptions: number }>): ControlResult {
  if (control.integrity) return "re-performed by verify";
  if (control.checks.length === 0) return "population only";
  const counted = control.checks.map((check) => tallies[check]);
  if (counted.some((t) => t.exceptions > 0)) return "exceptions";
  return counted.every((t) => t.population === 0) ? "not applicable" : "effective";
}

/** The figures behind a result, as the matrix prints them. */
export function controlMetric(control: ControlDefinition, tallies: Record<CheckId, { population: number; exceptions: number }>, populationRows: Record<string, number>): string {
  const tested = control.checks.map((check) => `${check}: ${tallies[check].exceptions} exception(s) in ${tallies[check].population}`);
  const counted = control.populations.map((name) => `${name}: ${populationRows[name] ?? 0} row(s)`);
  return [...tested, ...counted].join("; ") || "every file hashed and signed; events chained and logged";
}

/** Files in a control's folder are prefixed by its id, so they drop into a GRC tool as they are. */
export const controlFolder = (id: string) => `controls/${id}/`;
