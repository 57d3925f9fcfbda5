import type { DecisionInput } from "@/lib/queries";

/**
 * The decision a person clicked before a step-up sent them to their identity provider, kept in this
 * tab's sessionStorage so it can be made when they come back. Only this origin's own script can write
 * there, so no link or other site can make a decision happen by sending someone to the page.
 */
const key = (requestId: string) => `countersign:decision-after-sign-in:${requestId}`;

/** Older than this, the person has likely moved on: the decision is not made for them. */
const FRESH_MS = 10 * 60_000;

export function rememberDecision(requestId: string, decision: DecisionInput, now = Date.now()): void {
  sessionStorage.setItem(key(requestId), JSON.stringify({ ...decision, at: now }));
}

/** The remembered decision, once: it is removed as it is read, so a reload does not decide twice. */
export function takeRememberedDecision(requestId: string, now = Date.now()): DecisionInput | null {
  const stored = sessionStorage.getItem(key(requestId));
  if (stored === null) return null;
  sessionStorage.removeItem(key(requestId));
  try {
    const value = JSON.parse(stored) as { outcome?: unknown; reason?: unknown; at?: unknown };
    if ((value.outcome !== "approve" && value.outcome !== "reject") || typeof value.at !== "number" || now - value.at > FRESH_MS || value.at > now) return null;
    return { outcome: value.outcome, reason: typeof value.reason === "string" ? value.reason : "" };
  } catch {
    return null;
  }
}
