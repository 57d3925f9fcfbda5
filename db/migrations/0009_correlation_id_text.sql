-- Verbs record the id of the call that caused an event (an HTTP x-request-id, which callers may choose,
-- up to 64 characters of [A-Za-z0-9._-]) as its correlation id, so a log line and its events join; not
-- every such id is a UUID. Existing values keep their text form, which is what the chain hashes.
ALTER TABLE "events" ALTER COLUMN "correlation_id" SET DATA TYPE text;