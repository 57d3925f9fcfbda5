-- The queue searches substrings of summary, action and resource; pg_trgm's GIN indexes serve ILIKE '%…%'.
-- It ships with PostgreSQL (contrib) and is a trusted extension, so the migrating owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- Rows from before this migration start with no risk (the projector writes it on their next event, and a
-- replay of the log writes it for all) and with the current stage's groups worked out below.
ALTER TABLE "action_requests" ADD COLUMN "risk" jsonb NOT NULL DEFAULT '{"level":"none","factors":[]}';--> statement-breakpoint
ALTER TABLE "action_requests" ADD COLUMN "risk_rank" smallint NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE "action_requests" ADD COLUMN "deciding_groups" text[] NOT NULL DEFAULT '{}';--> statement-breakpoint
-- A pending request's current stage: the first whose running total of approvals exceeds those it has (stageProgress).
UPDATE "action_requests" r SET "deciding_groups" = coalesce((
  SELECT array(SELECT jsonb_array_elements_text(stage.value->'groups'))
  FROM jsonb_array_elements(r."policy_evaluation"->'stages') WITH ORDINALITY AS stage(value, n)
  WHERE (SELECT sum((s.value->>'approvals')::int) FROM jsonb_array_elements(r."policy_evaluation"->'stages') WITH ORDINALITY AS s(value, n) WHERE s.n <= stage.n)
    > (SELECT count(*) FROM "decisions" d WHERE d."request_id" = r."id" AND d."outcome" = 'approve')
  ORDER BY stage.n LIMIT 1), '{}')
WHERE r."status" = 'pending';--> statement-breakpoint
ALTER TABLE "action_requests" ALTER COLUMN "risk" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "action_requests" ALTER COLUMN "risk_rank" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "action_requests" ALTER COLUMN "deciding_groups" DROP DEFAULT;--> statement-breakpoint
CREATE INDEX "action_requests_created_at_id_index" ON "action_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "action_requests_expires_at_id_index" ON "action_requests" USING btree ("expires_at","id");--> statement-breakpoint
CREATE INDEX "action_requests_risk_rank_created_at_id_index" ON "action_requests" USING btree ("risk_rank","created_at","id");--> statement-breakpoint
CREATE INDEX "action_requests_status_risk_rank_created_at_id_index" ON "action_requests" USING btree ("status","risk_rank","created_at","id");--> statement-breakpoint
CREATE INDEX "action_requests_pending_deciding_groups_index" ON "action_requests" USING gin ("deciding_groups") WHERE "action_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "action_requests_summary_trgm_index" ON "action_requests" USING gin ("summary" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "action_requests_action_trgm_index" ON "action_requests" USING gin ("action" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "action_requests_resource_trgm_index" ON "action_requests" USING gin ("resource" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "action_requests_policy_rule_index" ON "action_requests" USING btree (("policy_evaluation"->>'rule'));--> statement-breakpoint
CREATE INDEX "decisions_decider_email_index" ON "decisions" USING btree (lower(btrim("decider_id")),"request_id");
