-- Sealing flags an event that claims a time the published log already contradicts (see event_chain.backdated).
ALTER TABLE "event_chain" ADD COLUMN "backdated" boolean DEFAULT false NOT NULL;