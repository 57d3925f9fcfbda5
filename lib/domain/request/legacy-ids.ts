import { sha256Hex } from "../canonical-json";

/**
 * A stable id for a decision recorded before its event carried one: the same request and decider give
 * the same id on every replay (the decisions table holds one row per person per request).
 */
export function legacyDecisionId(requestId: string, deciderId: string): string {
  const hex = sha256Hex(`decision:${requestId}:${deciderId}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
