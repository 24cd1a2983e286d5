#!/usr/bin/env bash
# Restore a backup made by backup.sh into the running database, replacing what is there. Each step
# is checked; on any failure it says which, exits non-zero, and the database is as it was:
#   1. the archive is read in full, data included, before anything is touched;
#   2. the API stops; the data the archive replaces are kept, by backup.sh, in
#      $BACKUP_DIR/pre-restore-<timestamp>.dump;
#   3. the archive is restored in one transaction, committed only once all of it was read and applied;
#   4. the migrate job brings a backup of an older schema up to date and the API starts again; if
#      the migrate job fails on the restored data, the data kept in step 2 are put back the same way.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
compose=(docker compose)
file="${1:-}"
if [ -z "$file" ] || [ ! -r "$file" ]; then
  echo "restore: usage: make restore FILE=backups/app-<timestamp>.dump (got '${file}')" >&2
  exit 2
fi
fail() {
  echo "restore: $*" >&2
  exit 1
}

docker compose exec -T db pg_restore --file=/dev/null <"$file" ||
  fail "$file is not a complete pg_dump archive (pg_restore above could not read it to the end); nothing was changed"

# In the db container, an archive on stdin: pg_restore --single-transaction writes BEGIN first and
# COMMIT last, only once it has read the whole archive, and psql stops at the first error. A failure
# in any stage leaves the transaction open when psql exits, so the server rolls it back; PIPESTATUS
# names the stage. The filter drops the one setting that client tools newer than the server emit
# and an older server rejects (SET transaction_timeout, new in PostgreSQL 17).
# shellcheck disable=SC2016 # expanded inside the container
restore_in_db='set -o pipefail
pg_restore --clean --if-exists --single-transaction --file=- \
  | sed "/^SET transaction_timeout = /d" \
  | psql -U postgres -d "$POSTGRES_DB" --no-psqlrc --quiet -v ON_ERROR_STOP=1 >/dev/null
status=("${PIPESTATUS[@]}")
[ "${status[*]}" = "0 0 0" ] || {
  echo "restore: exit status of pg_restore ${status[0]}, filter ${status[1]}, psql ${status[2]}: rolled back" >&2
  exit 1
}'
restore_archive() {
  docker compose exec -T db bash -c "$db_superuser_env; $restore_in_db" <"$1"
}

# The migrate job (the same container, started again), then the API, waiting until it is healthy:
# the stack keeps its images and restart policy.
start_api() {
  docker compose start migrate || return 1
  [ "$(docker wait "$(docker compose ps --all --quiet migrate)")" = 0 ] || {
    echo "restore: the migrate job failed; its log:" >&2
    docker compose logs --no-color --tail=30 migrate >&2
    return 1
  }
  docker compose up --detach --no-recreate --wait --wait-timeout 120 api
  sync_upstreams
}

docker compose stop api
# Interrupted or failed from here on, the API comes back over the unchanged data.
trap 'start_api || echo "restore: the API did not start again; see make health" >&2' EXIT
kept="${BACKUP_DIR:-./backups}/pre-restore-$(date -u +%Y%m%dT%H%M%SZ).dump"
"$(dirname "$0")/backup.sh" "$kept" >/dev/null || fail "could not keep the current data first (above); nothing was changed"
echo "restore: the data it replaces are kept in $kept"
restore_archive "$file" || fail "$file could not be restored (above); the database is as it was"
trap - EXIT
if start_api; then
  echo "restore: $file restored"
  exit 0
fi
echo "restore: putting back the data $file replaced, from $kept" >&2
restore_archive "$kept" || fail "could not put back $kept (above): make restore FILE=$kept"
start_api || fail "the data are as they were, but the API did not start again; see make health"
fail "$file was not kept: the migrate job failed on it (above); the database is as it was"
