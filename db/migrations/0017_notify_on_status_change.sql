-- Long-polls wait for one request's status to leave pending, and nothing else listens. A request is
-- inserted pending, so no one can be waiting on it yet; a comment or a first stage's approval leaves
-- the status as it was. Every NOTIFY also takes a database-wide lock at commit, held through the
-- commit's WAL flush, so notifying on each insert serialised every submission's commit for nothing.
DROP TRIGGER action_requests_notify ON action_requests;
--> statement-breakpoint
CREATE TRIGGER action_requests_notify AFTER UPDATE OF status ON action_requests
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION countersign_notify_request_change();
