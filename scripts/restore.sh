#!/usr/bin/env bash
# Restore a backup made by backup.sh into the running database, replacing what is there, in one
# transaction (all or nothing). The API is stopped meanwhile and started again afterwards, through
# the migrate job, so a backup from an older schema is brought up to date.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
file="${1:-}"
if [ -z "$file" ] || [ ! -r "$file" ]; then
  echo "restore: usage: make restore FILE=backups/app-<timestamp>.dump (got '${file}')" >&2
  exit 2
fi
docker compose exec -T db pg_restore --list <"$file" >/dev/null || { echo "restore: $file is not a readable pg_dump archive" >&2; exit 1; }

docker compose stop api
# Whatever happens below, the API comes back (a failed restore has changed nothing).
trap 'docker compose up -d --wait --wait-timeout 120 api' EXIT
# pg_restore renders the archive as SQL and psql runs it in one transaction, stopping at the first
# error; COMMIT is sent only when pg_restore read the whole archive, so a truncated file changes
# nothing. The filter drops the one setting that client tools newer than the server emit and an
# older server rejects (SET transaction_timeout, new in PostgreSQL 17).
docker compose exec -T db bash -c "$db_superuser_env
  { echo 'BEGIN;'; pg_restore --clean --if-exists --file=- && echo 'COMMIT;'; } \
    | grep -v '^SET transaction_timeout = ' \
    | psql -U postgres -d \"\$POSTGRES_DB\" --no-psqlrc --quiet -v ON_ERROR_STOP=1 >/dev/null" <"$file"
echo "restore: $file restored"
