-- Chat (Slack, Teams): reviewers decide where they already work, through the same decision path.
-- chat_links: whose chat identity decides for whom, one Countersign person per (provider, workspace,
-- chat user), proven by an SSO sign-in from a link the chat sent, never matched by email.
-- chat_link_states: the single-use records behind the signed, short-lived links a chat hands out
-- ("link your account", "decide in the console"): the signature proves the link is ours, the row that
-- it is used once. chat_replays: inbound chat requests already taken, so a replay is refused.
-- chat_messages: the message a chat target posted for a request, so later events update it in place.
-- A chat target is one more kind of outbox subscription (kind slack|teams, a channel in target, no
-- URL), so chat messages reuse the webhook outbox's trigger, lanes, retries, dead letters, attempts
-- and /admin replay: no second outbox.
CREATE TABLE "chat_links" (
	"provider" text NOT NULL,
	"workspace" text NOT NULL,
	"external_user_id" text NOT NULL,
	"user_id" text NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_links_provider_workspace_external_user_id_pk" PRIMARY KEY("provider","workspace","external_user_id")
);
--> statement-breakpoint
CREATE TABLE "chat_link_states" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"provider" text NOT NULL,
	"workspace" text NOT NULL,
	"external_user_id" text NOT NULL,
	"request_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "chat_replays" (
	"provider" text NOT NULL,
	"key" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_replays_provider_key_pk" PRIMARY KEY("provider","key")
);
--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"subscription_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"claimed_by" uuid NOT NULL,
	"channel" text,
	"message_ref" text,
	"posted_at" timestamp with time zone,
	CONSTRAINT "chat_messages_subscription_id_request_id_pk" PRIMARY KEY("subscription_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ALTER COLUMN "sealed_url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD COLUMN "kind" text DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD COLUMN "target" text;--> statement-breakpoint
ALTER TABLE "chat_links" ADD CONSTRAINT "chat_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_links_user_idx" ON "chat_links" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "chat_link_states_expires_idx" ON "chat_link_states" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "chat_replays_seen_idx" ON "chat_replays" USING btree ("seen_at");--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_kind_check" CHECK ("kind" IN ('webhook', 'slack', 'teams'));--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_kind_target_check" CHECK (("kind" = 'webhook') = ("sealed_url" IS NOT NULL AND "target" IS NULL));--> statement-breakpoint
ALTER TABLE "chat_links" ADD CONSTRAINT "chat_links_provider_check" CHECK ("provider" IN ('slack', 'teams'));--> statement-breakpoint
ALTER TABLE "chat_link_states" ADD CONSTRAINT "chat_link_states_purpose_check" CHECK (("purpose" = 'link' AND "request_id" IS NULL) OR ("purpose" = 'decide' AND "request_id" IS NOT NULL));--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON chat_links, chat_replays TO countersign_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON chat_link_states TO countersign_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON chat_messages TO countersign_app;
