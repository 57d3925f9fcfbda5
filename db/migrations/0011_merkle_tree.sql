CREATE TABLE "log_checkpoints" (
	"size" bigint PRIMARY KEY NOT NULL,
	"note" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_leaves" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"leaf_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_tree_heads" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root_hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_tree_state" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"size" bigint NOT NULL,
	"frontier" text[] NOT NULL,
	CONSTRAINT "log_tree_state_one_row" CHECK ("log_tree_state"."id")
);
--> statement-breakpoint
ALTER TABLE "log_leaves" ADD CONSTRAINT "log_leaves_seq_event_chain_seq_fk" FOREIGN KEY ("seq") REFERENCES "public"."event_chain"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "log_leaves_leaf_hash_idx" ON "log_leaves" USING btree ("leaf_hash");
--> statement-breakpoint
-- The tree starts empty; the sealer first catches it up with the links chained before this migration.
INSERT INTO log_tree_state (size, frontier) VALUES (0, '{}');
--> statement-breakpoint
-- Leaves and heads are append-only for everyone, like events and the chain (0001); the state row is
-- the one thing the sealer updates, and nobody may delete or truncate it.
CREATE TRIGGER log_leaves_append_only BEFORE UPDATE OR DELETE ON log_leaves
  FOR EACH ROW EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_leaves_no_truncate BEFORE TRUNCATE ON log_leaves
  FOR EACH STATEMENT EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_tree_heads_append_only BEFORE UPDATE OR DELETE ON log_tree_heads
  FOR EACH ROW EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_tree_heads_no_truncate BEFORE TRUNCATE ON log_tree_heads
  FOR EACH STATEMENT EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_checkpoints_append_only BEFORE UPDATE OR DELETE ON log_checkpoints
  FOR EACH ROW EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_checkpoints_no_truncate BEFORE TRUNCATE ON log_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_tree_state_no_delete BEFORE DELETE ON log_tree_state
  FOR EACH ROW EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_tree_state_no_truncate BEFORE TRUNCATE ON log_tree_state
  FOR EACH STATEMENT EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
ALTER TABLE log_leaves ENABLE ALWAYS TRIGGER log_leaves_append_only;
--> statement-breakpoint
ALTER TABLE log_leaves ENABLE ALWAYS TRIGGER log_leaves_no_truncate;
--> statement-breakpoint
ALTER TABLE log_tree_heads ENABLE ALWAYS TRIGGER log_tree_heads_append_only;
--> statement-breakpoint
ALTER TABLE log_tree_heads ENABLE ALWAYS TRIGGER log_tree_heads_no_truncate;
--> statement-breakpoint
ALTER TABLE log_checkpoints ENABLE ALWAYS TRIGGER log_checkpoints_append_only;
--> statement-breakpoint
ALTER TABLE log_checkpoints ENABLE ALWAYS TRIGGER log_checkpoints_no_truncate;
--> statement-breakpoint
ALTER TABLE log_tree_state ENABLE ALWAYS TRIGGER log_tree_state_no_delete;
--> statement-breakpoint
ALTER TABLE log_tree_state ENABLE ALWAYS TRIGGER log_tree_state_no_truncate;
--> statement-breakpoint
-- Only the sealer writes the tree (0005's least privilege); the app reads it to serve proofs and
-- verify the log, and auditors may read it.
GRANT SELECT, INSERT ON log_leaves, log_tree_heads, log_checkpoints TO countersign_sealer;
--> statement-breakpoint
GRANT SELECT, UPDATE ON log_tree_state TO countersign_sealer;
--> statement-breakpoint
GRANT SELECT ON log_leaves, log_tree_heads, log_tree_state, log_checkpoints TO countersign_app, countersign_reader;
