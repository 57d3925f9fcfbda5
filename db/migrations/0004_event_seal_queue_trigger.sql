-- Every event enters the seal queue in the transaction that inserts it, whoever inserts it.
CREATE OR REPLACE FUNCTION countersign_queue_for_sealing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_seal_queue (event_id) VALUES (NEW.id);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_queue_for_sealing AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION countersign_queue_for_sealing();
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_queue_for_sealing;
--> statement-breakpoint
-- Events written before this migration and not yet sealed.
INSERT INTO event_seal_queue (event_id)
  SELECT e.id FROM events e LEFT JOIN event_chain c ON c.event_id = e.id WHERE c.event_id IS NULL;
--> statement-breakpoint
-- The application inserts (through the trigger) and the sealer removes; the queue is bookkeeping,
-- not evidence: the chain is.
GRANT SELECT, INSERT, DELETE ON event_seal_queue TO countersign_app;
