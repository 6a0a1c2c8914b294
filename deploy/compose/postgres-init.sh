#!/bin/bash
# Creates one database and one owning role per service, for docker-compose's PostgreSQL.
# The postgres image runs files in /docker-entrypoint-initdb.d once, when its data volume is
# empty (so after changing a password here, `docker compose down -v` to start over).
#
# Each service gets its own login role that owns only its database, like in Kubernetes: a
# service's Flyway migrations can create tables in its own database and nowhere else.
# Passwords come from the environment (docker-compose.yml passes them), never from this file.
set -euo pipefail

create_service_database() {
  local db="$1" role="$2" password="$3"
  # psql substitutes :"var" (identifier) and :'var' (literal) in scripts read from stdin, so
  # names and passwords are quoted by psql itself, whatever characters they contain.
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
    --set=db="$db" --set=role="$role" --set=password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
-- Only the owner (and superusers) may connect: the services cannot see each other's data.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
  echo "postgres-init: database ${db} owned by role ${role}"
}

create_service_database incidents   incidents   "${INCIDENTS_DB_PASSWORD:?}"
create_service_database investments investments "${INVESTMENTS_DB_PASSWORD:?}"
create_service_database diplomacy   diplomacy   "${DIPLOMACY_DB_PASSWORD:?}"
