import type { PolicyStage } from "../policy/document";

export type StageProgress = {
  /** Per stage, in order: the approvals it needs and those it has. */
  stages: { approvals: number; groups: string[]; received: number }[];
  /** The stage now taking decisions (0-based), or null when every stage is complete. */
  current: number | null;
};

/**
 * Approvals fill the stages in order: a stage opens once the one before has all its approvals, so the
 * n-th approval counts toward the stage that was open when it was given. Distinctness is the
 * deciders' rule (canDecide), not counted here.
 */
export function stageProgress(stages: readonly PolicyStage[], approvals: number): StageProgress {
  let left = approvals;
  const counted = stages.map((stage) => {
    const received = Math.min(stage.approvals, left);
    left -= received;
    return { approvals: stage.approvals, groups: [...stage.groups], received };
  });
  const current = counted.findIndex((stage) => stage.received < stage.approvals);
  return { stages: counted, current: current === -1 ? null : current };
}

/** All approvals the stages need together: what the API calls `requiredApprovals`. */
export const totalApprovals = (stages: readonly PolicyStage[]) => stages.reduce((sum, stage) => sum + stage.approvals, 0);

/** Every group that approves at some stage, once each, in order. */
export const stageGroups = (stages: readonly PolicyStage[]) => [...new Set(stages.flatMap((stage) => stage.groups))];
