-- Sessions are now stored as SHA-256(token) (lib/auth/adapter.ts). Any stored in clear would no
-- longer match a cookie anyway, and are a usable credential to whoever reads this table: remove them.
DELETE FROM "sessions" WHERE "session_token" !~ '^[0-9a-f]{64}$';
