#!/usr/bin/env bash
# Start the Debian PostgreSQL cluster and make sure the registry's role and database exist.
# Usage: scripts/postgres.sh start   (prints nothing else; DATABASE_URL is in scripts/test.sh)
set -euo pipefail
PGPORT=${PGPORT:-5432}

ready() { pg_isready -q -h 127.0.0.1 -p "$PGPORT"; }

if [ "$(id -u)" != 0 ]; then
    if ready; then exit 0; fi
    echo "PostgreSQL is not running on 127.0.0.1:$PGPORT; start it (as root: scripts/postgres.sh start)," >&2
    echo "or set DATABASE_URL to a database whose user may create databases." >&2
    exit 1
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -q "^$version main$"; then
    pg_createcluster --port "$PGPORT" "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start" >&2; exit 1; }

psql_admin() { runuser -u postgres -- psql -p "$PGPORT" -qtAX "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'registry'")" != 1 ]; then
    psql_admin -c "CREATE ROLE registry LOGIN CREATEDB PASSWORD 'registry'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'registry'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE registry OWNER registry ENCODING 'UTF8' TEMPLATE template0"
fi
