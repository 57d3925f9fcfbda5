-- The event log and its chain are append-only for everyone, the table owner included: these triggers
-- refuse UPDATE, DELETE and TRUNCATE, and ENABLE ALWAYS keeps them firing even under
-- session_replication_role = replica. Removing one takes a deliberate, visible DDL statement.
CREATE OR REPLACE FUNCTION countersign_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_append_only;
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;
--> statement-breakpoint
CREATE TRIGGER event_chain_append_only BEFORE UPDATE OR DELETE ON event_chain
  FOR EACH ROW EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER event_chain_no_truncate BEFORE TRUNCATE ON event_chain
  FOR EACH STATEMENT EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
ALTER TABLE event_chain ENABLE ALWAYS TRIGGER event_chain_append_only;
--> statement-breakpoint
ALTER TABLE event_chain ENABLE ALWAYS TRIGGER event_chain_no_truncate;
--> statement-breakpoint
-- Long-polling agents and open consoles LISTEN on this channel; NOTIFY is delivered at commit, so a
-- waiter never sees a status that was rolled back.
CREATE OR REPLACE FUNCTION countersign_notify_request_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('action_request_changed', NEW.id::text);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER action_requests_notify AFTER INSERT OR UPDATE ON action_requests
  FOR EACH ROW EXECUTE FUNCTION countersign_notify_request_change();
