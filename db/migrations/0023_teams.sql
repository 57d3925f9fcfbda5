-- Microsoft Teams: conversations the bot was added to (captured from the Bot Connector's verified
-- conversationUpdate; an administrator chooses which receive requests) and the bot-scoped user id of
-- each Entra user seen, which a card's refresh list names. Links themselves are chat_links.
CREATE TABLE teams_conversations (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  -- From the activity whose signed token named it (the serviceurl claim): where replies go.
  service_url text NOT NULL,
  bot_id text NOT NULL,
  name text,
  conversation_type text,
  added_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);
--> statement-breakpoint
CREATE TABLE teams_users (
  tenant_id text NOT NULL,
  aad_object_id text NOT NULL,
  teams_user_id text NOT NULL,
  seen_at timestamptz NOT NULL,
  CONSTRAINT teams_users_tenant_id_aad_object_id_pk PRIMARY KEY (tenant_id, aad_object_id)
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON teams_conversations, teams_users TO countersign_app;
