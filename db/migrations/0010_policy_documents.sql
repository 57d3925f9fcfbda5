-- Policy versions hold their document (issue 6); versions from before keep only the v1 quorum columns,
-- which the loader reads as the equivalent document, so those columns may now be empty.
ALTER TABLE "policies" ALTER COLUMN "required_approvals" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ALTER COLUMN "approver_groups" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ALTER COLUMN "ttl_seconds" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "document" jsonb;--> statement-breakpoint
-- Each request records how the policy decided it. Requests from before were all decided by one quorum:
-- the same evaluation the decider derives from their `policy.evaluated` events (legacyEvaluation), so a
-- replay of the log rebuilds exactly these rows.
ALTER TABLE "action_requests" ADD COLUMN "policy_evaluation" jsonb;--> statement-breakpoint
UPDATE "action_requests" SET "policy_evaluation" = jsonb_build_object(
  'rule', 'default',
  'ruleIndex', NULL,
  'outcome', CASE WHEN "required_approvals" = 0 THEN 'auto-approve' ELSE 'require' END,
  'message', NULL,
  'stages', CASE WHEN "required_approvals" = 0 THEN '[]'::jsonb
            ELSE jsonb_build_array(jsonb_build_object('approvals', "required_approvals", 'groups', "approver_groups")) END,
  'ttlSeconds', round(extract(epoch FROM "expires_at" - "created_at"))::integer,
  'grantValiditySeconds', NULL,
  'reasonRequired', jsonb_build_object('approve', false, 'reject', false),
  'stepUpMinutes', NULL,
  'breakGlass', NULL,
  'signals', '[]'::jsonb,
  'conditionErrors', '[]'::jsonb
);--> statement-breakpoint
ALTER TABLE "action_requests" ALTER COLUMN "policy_evaluation" SET NOT NULL;
