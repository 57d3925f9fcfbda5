-- The role the console and worker run as. It may read everything and change read models, but it can
-- only INSERT into the event log and its chain: with the append-only triggers, that is two locks on
-- the same door. Deployments give their application login role membership in countersign_app.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'countersign_app') THEN
    CREATE ROLE countersign_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO countersign_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON events, event_chain TO countersign_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON agents, api_keys, policies, action_requests, decisions, comments, grants,
  users, accounts, sessions, verification_tokens TO countersign_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO countersign_app;
