-- Break-glass (issue 6): a request remembers who approved it alone and who has confirmed that since,
-- and a decision says whether it was that emergency approval. Older rows had none: null and false,
-- which is also what replaying their events gives.
ALTER TABLE "action_requests" ADD COLUMN "break_glass" jsonb;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "break_glass" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "action_requests_open_follow_up_created_at_index" ON "action_requests" USING btree ("created_at") WHERE "action_requests"."break_glass"->>'followUp' = 'open';