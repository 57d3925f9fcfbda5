-- When an agent's key last authenticated a call (to within a minute), for the administrators' agent list.
ALTER TABLE "api_keys" ADD COLUMN "last_used_at" timestamp with time zone;
