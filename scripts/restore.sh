#!/usr/bin/env bash
# Restore a backup made by backup.sh into the running database, replacing what is there, in one
# transaction (all or nothing). The API is stopped meanwhile and started again afterwards, through
# the migrate job, so a backup from an older schema is brought up to date.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
file="${1:-}"
if [ -z "$file" ] || [ ! -r "$file" ]; then
  echo "restore: usage: make restore FILE=backups/app-<timestamp>.dump (got '${file}')" >&2
  exit 2
fi
docker compose exec -T db pg_restore --list <"$file" >/dev/null || { echo "restore: $file is not a readable pg_dump archive" >&2; exit 1; }

docker compose stop api
# Whatever happens below, the API comes back (a failed restore has changed nothing): the same
# containers, started again, so the stack keeps its images and restart policy. The migrate job
# runs first and brings a backup of an older schema up to date.
restart_api() {
  docker compose start migrate
  [ "$(docker wait "$(docker compose ps --all --quiet migrate)")" = 0 ] || {
    echo "restore: the migrate job failed; its log:" >&2
    docker compose logs --no-color --tail=30 migrate >&2
    return 1
  }
  docker compose up --detach --no-recreate --wait --wait-timeout 120 api
}
trap restart_api EXIT
# pg_restore renders the archive as SQL and psql runs it in one transaction, stopping at the first
# error; COMMIT is sent only when pg_restore read the whole archive, so a truncated file changes
# nothing. The filter drops the one setting that client tools newer than the server emit and an
# older server rejects (SET transaction_timeout, new in PostgreSQL 17).
docker compose exec -T db bash -c "$db_superuser_env
  { echo 'BEGIN;'; pg_restore --clean --if-exists --file=- && echo 'COMMIT;'; } \
    | grep -v '^SET transaction_timeout = ' \
    | psql -U postgres -d \"\$POSTGRES_DB\" --no-psqlrc --quiet -v ON_ERROR_STOP=1 >/dev/null" <"$file"
echo "restore: $file restored"
