import type { RiskAssessment, RiskLevel } from "@/lib/queries";

const LEVEL: Record<Exclude<RiskLevel, "none">, { label: string; className: string }> = {
  high: { label: "High risk", className: "border-red-300 bg-red-50 text-red-800" },
  medium: { label: "Medium risk", className: "border-amber-300 bg-amber-50 text-amber-900" },
  low: { label: "Low risk", className: "border-gray-300 bg-gray-50 text-gray-700" },
};

const ORDER: RiskLevel[] = ["none", "low", "medium", "high"];
const atLeast = (level: RiskLevel, minimum: RiskLevel) => ORDER.indexOf(level) >= ORDER.indexOf(minimum);

/**
 * The request's risk level as a pill, in words (colour only repeats what the words say). `minimum`
 * hides lower levels: the queue shows medium and up, so "production" alone, which the environment
 * badge already says, does not repeat on nearly every row.
 */
export function RiskLevelBadge({ level, size = "sm", minimum = "low" }: { level: RiskLevel; size?: "sm" | "lg"; minimum?: RiskLevel }) {
  if (level === "none" || !atLeast(level, minimum)) return null;
  const style = LEVEL[level];
  return (
    <span className={`inline-flex shrink-0 items-center rounded-full border font-medium ${style.className} ${size === "lg" ? "px-3 py-1 text-sm" : "px-2 py-px text-xs"}`}>
      {style.label}
    </span>
  );
}

/**
 * Why the request is risky, each reason in words with its level, highest first: what the policy
 * engine derived (production, destructive, privilege widening, secrets in context, large export).
 */
export function RiskReasons({ risk, className = "", minimum = "low" }: { risk: RiskAssessment; className?: string; minimum?: RiskLevel }) {
  const factors = risk.factors.filter((f) => atLeast(f.level, minimum)).sort((a, b) => ORDER.indexOf(b.level) - ORDER.indexOf(a.level));
  if (factors.length === 0) return null;
  return (
    <ul aria-label="Risk factors" className={`flex flex-wrap gap-1.5 ${className}`}>
      {factors.map((factor) => (
        <li key={factor.kind} className={`rounded-md border px-1.5 py-px text-xs ${LEVEL[factor.level].className}`}>
          <span className="sr-only">{LEVEL[factor.level].label}: </span>
          {factor.reason}
        </li>
      ))}
    </ul>
  );
}
