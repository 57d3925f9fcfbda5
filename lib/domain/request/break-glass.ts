/** How many people other than the one who broke the glass must confirm it before its follow-up review closes. */
export const BREAK_GLASS_CONFIRMATIONS = 2;

/**
 * A break-glass approval as the request keeps it: who approved alone and when, and who has confirmed
 * it since. Its reason is on the decision it made.
 */
export type BreakGlass = {
  approver: string;
  approverName: string | null;
  at: Date;
  confirmations: { confirmer: string; confirmerName: string | null; at: Date }[];
};

export type FollowUpStatus = "open" | "closed";

/** The follow-up review stays open until it has its confirmations, so an emergency approval is never forgotten. */
export const followUpStatus = (breakGlass: { confirmations: readonly unknown[] }): FollowUpStatus =>
  breakGlass.confirmations.length >= BREAK_GLASS_CONFIRMATIONS ? "closed" : "open";
