-- Least privilege for the seal tables. Until now countersign_app could INSERT into event_chain and
-- INSERT/DELETE on event_seal_queue, so the console's own login could write a link at head + 1 for
-- an event that was also queued: every later seal then failed on a unique constraint. From here on
-- the owner migrates, countersign_app inserts and reads events, only countersign_sealer writes the
-- chain and takes rows off the queue, and countersign_reader (auditors, SIEM) may only read.
-- Idempotent like 0002: roles are cluster-wide, and several databases may share one cluster.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'countersign_sealer') THEN
    CREATE ROLE countersign_sealer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'countersign_reader') THEN
    CREATE ROLE countersign_reader NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
-- The app keeps SELECT on both: verification and evidence export read them.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON event_chain FROM countersign_app;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON event_seal_queue FROM countersign_app;
--> statement-breakpoint
-- Inserting an event must still queue it, whoever inserts it: the trigger now runs as the owner of
-- the queue. A fixed search_path (and a schema-qualified table) keeps a caller's objects from being
-- run with the owner's rights.
CREATE OR REPLACE FUNCTION countersign_queue_for_sealing() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO public.event_seal_queue (event_id) VALUES (NEW.id);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- One sealer at a time: a row lock that only the sealer may take. The advisory lock used so far needs
-- no privilege at all, so the app's role could hold it and sealing would stop without a word.
-- Locking a row FOR UPDATE needs UPDATE on its table, which only countersign_sealer holds.
CREATE TABLE event_sealer_lock (id boolean PRIMARY KEY DEFAULT true CHECK (id));
--> statement-breakpoint
INSERT INTO event_sealer_lock DEFAULT VALUES;
--> statement-breakpoint
-- The app's role inserts events directly, so it could also stall the sealer with an event the sealer
-- cannot hash: an id beyond JavaScript's exact integers (its link would name another event), an
-- infinite or out-of-range time, a number no double can hold, or JSON nested deeper than canonical
-- JSON can recurse. The database refuses such rows from anyone; nothing the API writes comes near
-- these bounds. NOT VALID: rows already written are not re-checked (the log cannot be rewritten).
ALTER TABLE events ADD CONSTRAINT events_sealable CHECK (
  id BETWEEN 1 AND 9007199254740991
  AND occurred_at >= '1970-01-01T00:00:00Z' AND occurred_at < '10000-01-01T00:00:00Z'
  AND NOT jsonb_path_exists(data, 'strict $.**{513}') AND NOT jsonb_path_exists(actor, 'strict $.**{513}')
  AND NOT jsonb_path_exists(data, 'strict $.** ? (@.type() == "number" && (@ > 1e308 || @ < -1e308))')
  AND NOT jsonb_path_exists(actor, 'strict $.** ? (@.type() == "number" && (@ > 1e308 || @ < -1e308))')
) NOT VALID;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO countersign_sealer, countersign_reader;
--> statement-breakpoint
-- The sealer reads events to hash them, appends links, takes what it chained off the queue, and
-- locks its lock row.
-- Nothing else: it cannot write events or read models, nor read sessions or keys.
GRANT SELECT ON events TO countersign_sealer;
--> statement-breakpoint
GRANT SELECT, INSERT ON event_chain TO countersign_sealer;
--> statement-breakpoint
GRANT SELECT, DELETE ON event_seal_queue TO countersign_sealer;
--> statement-breakpoint
GRANT SELECT, UPDATE ON event_sealer_lock TO countersign_sealer;
--> statement-breakpoint
-- Auditors and SIEM readers: the log, its chain and the read models they explain. Not the sign-in
-- tables (sessions and accounts hold credentials) nor API key hashes.
GRANT SELECT ON events, event_chain, event_seal_queue, agents, policies, action_requests, decisions, comments, grants
  TO countersign_reader;
