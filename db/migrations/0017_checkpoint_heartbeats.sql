-- Heartbeats: the worker signs the same tree again (with a later timestamped cosignature) at least
-- every CHECKPOINT_HEARTBEAT_SECONDS, so a size may now have several notes, one per signing time.
ALTER TABLE "log_checkpoints" DROP CONSTRAINT "log_checkpoints_pkey";--> statement-breakpoint
ALTER TABLE "log_checkpoints" ADD CONSTRAINT "log_checkpoints_size_published_at_pk" PRIMARY KEY("size","published_at");
