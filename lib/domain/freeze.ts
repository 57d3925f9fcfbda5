/**
 * The incident switch: while approvals are frozen, pending requests cannot be decided and new ones are
 * rejected with the freeze's message, until an administrator lifts it. Both are events on the policy's
 * stream (`approvals.frozen`, `approvals.thawed`); the latest of them is the switch's state.
 */
export type Freeze = { message: string; frozenAt: Date; frozenBy: string };

export const FREEZE_EVENT_TYPES = ["approvals.frozen", "approvals.thawed"] as const;

export const MAX_FREEZE_MESSAGE_LENGTH = 1000;

/** What a request rejected during a freeze records as the reason. */
export const frozenReason = (freeze: Freeze) => `Approvals are frozen: ${freeze.message}`;
