-- Heartbeats: the worker signs the same tree again (with a later timestamped cosignature) at least
-- every CHECKPOINT_HEARTBEAT_SECONDS, so a size may now have several notes, one per signing time.
ALTER TABLE "log_checkpoints" DROP CONSTRAINT "log_checkpoints_pkey";--> statement-breakpoint
ALTER TABLE "log_checkpoints" ADD CONSTRAINT "log_checkpoints_size_published_at_pk" PRIMARY KEY("size","published_at");--> statement-breakpoint
-- How each checkpoint webhook sink is doing: written by the worker's app role, read by /metrics.
CREATE TABLE "checkpoint_webhook_status" (
	"sink" text PRIMARY KEY NOT NULL,
	"delivered_size" bigint,
	"delivered_at" timestamp with time zone,
	"failures" bigint DEFAULT 0 NOT NULL,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON checkpoint_webhook_status TO countersign_app;--> statement-breakpoint
GRANT SELECT ON checkpoint_webhook_status TO countersign_reader;
