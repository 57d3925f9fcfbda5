-- Outbound webhooks (Standard Webhooks) through a transactional outbox. A subscription names a URL
-- and the event types it wants; a delivery is one event owed to one subscription. Deliveries are
-- written by a trigger on events, so they exist if and only if the event's transaction committed,
-- whoever inserted the event (a verb, the seed, a future Slack handler): nothing is ever sent for a
-- transaction that rolled back.
CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- What people see: no credentials, the path masked, query values removed.
  url text NOT NULL,
  -- The URL as given, sealed (AES-256-GCM under WEBHOOK_SECRETS_KEY): a path or query may carry a token.
  sealed_url text NOT NULL,
  -- Empty: every event. Otherwise exact types, or a prefix ending in ".*" ("request.*").
  event_types text[] NOT NULL DEFAULT '{}',
  -- ed25519 (v1a, the deployment's webhook key) or hmac (v1, the subscription's own whsec_ secret).
  signing text NOT NULL DEFAULT 'ed25519' CHECK (signing IN ('ed25519', 'hmac')),
  -- The whsec_ secret sealed with AES-256-GCM under WEBHOOK_SECRETS_KEY; never stored in clear.
  sealed_secret text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz,
  CHECK ((signing = 'hmac') = (sealed_secret IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
  event_id bigint NOT NULL REFERENCES events(id),
  -- pending (owed), delivered, dead (given up after the bounded schedule; an administrator may replay it).
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  -- Attempts since it was written or last replayed: 0 is the fresh lane, more is the retry lane.
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A worker that claimed it owns it until then; a worker that died mid-attempt loses it at expiry.
  leased_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (subscription_id, event_id)
);
--> statement-breakpoint
-- The two lanes' claims each read their own small index.
CREATE INDEX webhook_deliveries_fresh_idx ON webhook_deliveries (created_at) WHERE status = 'pending' AND attempts = 0;
--> statement-breakpoint
CREATE INDEX webhook_deliveries_retry_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending' AND attempts > 0;
--> statement-breakpoint
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at);
--> statement-breakpoint
-- Every try, for administrators: never the response body, which may echo anything.
CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id),
  attempted_at timestamptz NOT NULL,
  status_code integer,
  duration_ms integer NOT NULL,
  -- null when delivered; otherwise a class: http_status, timeout, connection, dns, tls, refused_target, …
  error_class text
);
--> statement-breakpoint
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);
--> statement-breakpoint
-- The SIEM stream's cursor: the last seq each sink took, so a restart resumes without gaps.
CREATE TABLE siem_cursors (
  sink text PRIMARY KEY,
  last_seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- Runs as the owner (like the seal queue's trigger), so whoever may insert an event also owes its
-- deliveries; a fixed search_path keeps a caller's objects from running with the owner's rights.
CREATE FUNCTION countersign_queue_webhooks() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO public.webhook_deliveries (subscription_id, event_id)
    SELECT s.id, NEW.id FROM public.webhook_subscriptions s
    WHERE s.removed_at IS NULL
      AND (cardinality(s.event_types) = 0 OR EXISTS (
        SELECT 1 FROM unnest(s.event_types) AS pattern
        WHERE pattern = NEW.type OR (right(pattern, 2) = '.*' AND starts_with(NEW.type, left(pattern, -1)))));
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_queue_webhooks AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION countersign_queue_webhooks();
--> statement-breakpoint
ALTER TABLE events ENABLE ALWAYS TRIGGER events_queue_webhooks;
--> statement-breakpoint
-- The console manages subscriptions and replays; the worker claims and records. Neither may delete
-- an attempt: the record of what was tried is kept.
GRANT SELECT, INSERT, UPDATE ON webhook_subscriptions, webhook_deliveries, siem_cursors TO countersign_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON webhook_attempts TO countersign_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE webhook_attempts_id_seq TO countersign_app;
