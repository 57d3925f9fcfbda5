/** A background evidence export as its requester sees it: never the file's place on disk, nor the actor snapshot. */
export type EvidenceExportView = {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed" | "expired";
  period: { from: string; to: string };
  seed: string | null;
  eventsDone: number;
  eventsTotal: number | null;
  filename: string | null;
  sha256: string | null;
  bytes: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** When the file is removed (done exports only). */
  expiresAt: string | null;
};

/** How many of their exports the console lists for someone: the recent ones, enough to come back to. */
export const RECENT_EXPORTS = 10;

/** Still being built: the console polls while one is. */
export const isInProgress = (status: EvidenceExportView["status"]) => status === "queued" || status === "running";
