#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
# Creates the login the console and worker use (DATABASE_URL): a member of countersign_app, the role
# whose least privileges Countersign's migrations grant (SELECT and INSERT only on the event log).
# The migrations themselves run as POSTGRES_USER, the owner (DATABASE_MIGRATION_URL).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$COUNTERSIGN_APP_PASSWORD" <<'SQL'
CREATE ROLE countersign_app NOLOGIN;
CREATE ROLE countersign LOGIN PASSWORD :'app_password' IN ROLE countersign_app;
SQL
