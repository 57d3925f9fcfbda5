#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
# Creates the logins the console and worker use: `countersign` (DATABASE_URL), a member of
# countersign_app, whose least privileges Countersign's migrations grant (SELECT and INSERT only on the
# event log); and `countersign_sealer_login` (DATABASE_SEALER_URL), a member of countersign_sealer,
# the only role that may write the event chain, which only the worker's sealer uses.
# The migrations themselves run as POSTGRES_USER, the owner (DATABASE_MIGRATION_URL).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$COUNTERSIGN_APP_PASSWORD" -v sealer_password="$COUNTERSIGN_SEALER_PASSWORD" <<'SQL'
CREATE ROLE countersign_app NOLOGIN;
CREATE ROLE countersign_sealer NOLOGIN;
CREATE ROLE countersign LOGIN PASSWORD :'app_password' IN ROLE countersign_app;
CREATE ROLE countersign_sealer_login LOGIN PASSWORD :'sealer_password' IN ROLE countersign_sealer;
SQL
