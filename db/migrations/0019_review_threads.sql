CREATE TABLE "notifications" (
	"recipient" text NOT NULL,
	"comment_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_recipient_comment_id_pk" PRIMARY KEY("recipient","comment_id")
);
--> statement-breakpoint
CREATE TABLE "request_views" (
	"user_id" text NOT NULL,
	"request_id" uuid NOT NULL,
	"last_event_id" bigint NOT NULL,
	"viewed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_views_user_id_request_id_pk" PRIMARY KEY("user_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "reply_to" uuid;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "resolved_by" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_request_id_action_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."action_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_views" ADD CONSTRAINT "request_views_request_id_action_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."action_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_recipient_created_at_index" ON "notifications" USING btree ("recipient","created_at");--> statement-breakpoint
-- The console writes both read-side tables: the projector the inbox, the request page the views.
GRANT SELECT, INSERT, UPDATE, DELETE ON notifications, request_views TO countersign_app;
