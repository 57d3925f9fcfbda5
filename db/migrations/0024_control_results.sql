-- The auditor's overview reads control results materialised by the worker: the same tests the
-- evidence pack re-performs (lib/domain/evidence-pack/controls), fed each sealed event once, past a
-- cursor (siem_cursors' 'control results' row). Facts per open request, tallies per day, exceptions.
-- And the background evidence exports' jobs.
CREATE TABLE "control_request_facts" (
	"request_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"facts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_tallies" (
	"check" text NOT NULL,
	"event_day" date NOT NULL,
	"created_day" date NOT NULL,
	"population" integer DEFAULT 0 NOT NULL,
	"exceptions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "control_tallies_event_day_created_day_check_pk" PRIMARY KEY("event_day","created_day","check")
);
--> statement-breakpoint
CREATE TABLE "control_exceptions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "control_exceptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"check" text NOT NULL,
	"subject" text NOT NULL,
	"seq" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"subject_created_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"detail" text NOT NULL,
	CONSTRAINT "control_exceptions_seq_check_subject_unique" UNIQUE("seq","check","subject")
);
--> statement-breakpoint
CREATE TABLE "control_break_glass" (
	"request_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"request_created_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"confirmations" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "control_exceptions_occurred_at_index" ON "control_exceptions" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "control_break_glass_approved_at_index" ON "control_break_glass" USING btree ("approved_at");
--> statement-breakpoint
-- Evidence packs built in the background by the worker (the file itself lives under EVIDENCE_EXPORT_DIR).
CREATE TABLE "evidence_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requested_by" text NOT NULL,
	"actor" jsonb NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"seed" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"events_done" integer DEFAULT 0 NOT NULL,
	"events_total" integer,
	"filename" text,
	"sha256" text,
	"bytes" bigint,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"leased_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "evidence_exports_requested_by_created_at_index" ON "evidence_exports" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "evidence_exports_status_created_at_index" ON "evidence_exports" USING btree ("status","created_at");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON evidence_exports TO countersign_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON control_request_facts, control_tallies, control_exceptions, control_break_glass TO countersign_app;
--> statement-breakpoint
GRANT SELECT ON control_tallies, control_exceptions, control_break_glass TO countersign_reader;
