/**
 * Sealing has stalled: an event has waited longer than the configured age to be sealed into the
 * Merkle tree, so nothing written since is covered by a checkpoint outside the database. While it
 * lasts, high-risk rules issue no grant (fail closed): a grant whose events only the database holds
 * is a grant whoever owns the database could make disappear.
 */
export type SealingStall = { oldestUnsealedSeconds: number; queueLength: number; limitSeconds: number };

/** What a stalled sealer means in a sentence, for the banner, /api/health and refusals. */
export const describeSealingStall = (stall: SealingStall) =>
  `Sealing has stalled: ${stall.queueLength} event(s) wait to be sealed, the oldest for ${Math.round(stall.oldestUnsealedSeconds)} s (the limit is ${stall.limitSeconds} s).`;

/** Why a high-risk rule issues no grant now; the code is SEALING_STALLED. */
export const sealingStalledReason = (stall: SealingStall) =>
  `${describeSealingStall(stall)} High-risk rules issue no grant until sealing recovers; try again then.`;
