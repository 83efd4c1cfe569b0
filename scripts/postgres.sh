#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the province receiver's tests and trial runs (Debian packaging):
# starts the first cluster if it is not running, ensures a superuser role named after the current
# user, and prints the connection settings (PGHOST, DATABASE_URL) as KEY=value lines.
# Idempotent. Exit 2: PostgreSQL is not installed (install with scripts/install-system-deps.sh).
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "Chưa cài PostgreSQL (gói Debian \"postgresql\"): chạy scripts/install-system-deps.sh." >&2
  exit 2
fi
read -r version cluster port status _rest < <(pg_lsclusters --no-header | head -n 1) || true
if [ -z "${version:-}" ]; then
  echo "PostgreSQL đã cài nhưng chưa có cụm dữ liệu nào (pg_createcluster)." >&2
  exit 2
fi
me="$(id -un)"
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"
  elif [ "$me" = "postgres" ]; then bash -c "$*"
  else sudo -n -u postgres bash -c "$*"; fi
}
if [ "$status" != "online" ]; then
  if [ "$(id -u)" -eq 0 ] || [ "$me" = "postgres" ]; then pg_ctlcluster "$version" "$cluster" start
  else sudo -n pg_ctlcluster "$version" "$cluster" start; fi
fi
socket=/var/run/postgresql
for _ in $(seq 1 50); do
  pg_isready -q -h "$socket" -p "$port" && break
  sleep 0.2
done
pg_isready -q -h "$socket" -p "$port"
if ! as_postgres "psql -h $socket -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$me'\"" | grep -q 1; then
  as_postgres "createuser -h $socket -p $port -s '$me'"
fi
echo "PGHOST=$socket"
echo "PGPORT=$port"
echo "DATABASE_URL=postgresql://$me@/postgres?host=$socket&port=$port"
