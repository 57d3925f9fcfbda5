-- What the IdP said, at a session's last sign-in, about when and how the person authenticated
-- (ID token auth_time, amr, acr): a step-up requirement checks these. Sessions from before have none,
-- which no step-up requirement accepts until the person signs in again.
ALTER TABLE "sessions" ADD COLUMN "auth_time" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "amr" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "acr" text;
