#!/usr/bin/env bash
# Point-in-time recovery from the WAL archive (README.md, "Point-in-time recovery"):
#   scripts/recover.sh ["2026-11-24 14:02:59+00"]        (make recover [TARGET_TIME=...])
# 1. With the database running, everything committed so far is pushed into the archive.
# 2. In a new volume, a one-off db container restores the newest base backup that ended before the
#    target and replays the archived WAL up to the target (without one: to the end of the archive),
#    then promotes (db/bin/pitr-prepare-recovery). The stack keeps serving meanwhile, so a refusal (no base
#    backup before the target, a target the archive does not reach, a bad time) changes nothing.
# 3. Only then the API and the database stop; the data volume's content is copied into
#    <project>_db-data-replaced-<UTC time> (Docker cannot rename a volume), the recovered cluster
#    takes its place, and the stack starts again, the API through the migrate job.
# Without a target the API stops first, so that every acknowledged write reaches the archive.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
compose=(docker compose)
target="${1:-}"
started=$SECONDS
project="$(docker compose config | sed -n 's/^name: //p')"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
scratch="${project}_db-recovery-$stamp"
kept="${project}_db-data-replaced-$stamp"
trial="${project}-recovery-$stamp"
api_stopped=""

# psql as the superuser over the socket, in the given container (the password stays in there).
superuser_sql() {
  docker exec "$1" sh -c "$db_superuser_env; exec psql -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -c \"\$0\"" "$2"
}
start_stack() {
  docker compose up --detach --no-recreate --wait --wait-timeout 300
  sync_upstreams
}

db_id="$(docker compose ps --quiet db)"
case "$(service_states db | cut -d" " -f2-)" in
  "running healthy "*)
    if [ -z "$target" ]; then
      api_stopped=$SECONDS
      docker compose stop api
    fi
    # A recovery target counts as reached only at a commit after it: one more (an empty transaction
    # with an id), then a segment switch, and wait until that segment is in the archive.
    superuser_sql "$db_id" 'SELECT pg_current_xact_id()' >/dev/null
    wal="$(superuser_sql "$db_id" 'SELECT pg_walfile_name(pg_switch_wal())')"
    deadline=$((SECONDS + 60))
    until docker exec "$db_id" test -f "/var/lib/postgresql/archive/wal/$wal.gz"; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "recover: WAL segment $wal is not archived after 60 s (make health shows why); recovering from what the archive holds" >&2
        break
      fi
      sleep 1
    done
    ;;
  *) echo "recover: the database is not running: recovering from what the archive holds" ;;
esac

# Until the recovered cluster replaces the data, any way out leaves everything as it was (Compose
# creates the data volume for the one-off containers below when a lost disk took it).
data_volume="$(docker volume inspect --format '{{.Name}}' "${project}_db-data" 2>/dev/null || true)"
undo() {
  docker rm --force "$trial" >/dev/null 2>&1 || true
  docker volume rm "$scratch" >/dev/null 2>&1 || true
  [ -n "$data_volume" ] || docker volume rm "${project}_db-data" >/dev/null 2>&1 || true
  [ -z "$api_stopped" ] || start_stack >/dev/null
}
trap undo EXIT
docker volume create "$scratch" >/dev/null
# The db service as the stack defines it (hardening, limits, archive settings), on the new volume.
recovery=(docker compose run --no-deps -e PGDATA=/var/lib/postgresql/recovery/data -v "$scratch:/var/lib/postgresql/recovery")
"${recovery[@]}" --rm --entrypoint pitr-prepare-recovery -e "RECOVERY_TARGET_TIME=$target" db || {
  echo "recover: refused, nothing was changed" >&2
  exit 1
}
"${recovery[@]}" --detach --name "$trial" db >/dev/null
echo "recover: replaying the archive in container $trial"
until [ "$(superuser_sql "$trial" 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
  if [ "$(docker inspect -f '{{.State.Status}}' "$trial")" != running ]; then
    echo "recover: refused, nothing was changed: the server stopped during recovery:" >&2
    # Its own reasons, not the refusals of the polls above while it was starting.
    docker logs "$trial" 2>&1 | grep -E 'FATAL|PANIC|last completed transaction' | grep -v 'is starting up' >&2 ||
      docker logs --tail 20 "$trial" >&2
    exit 1
  fi
  sleep 1
done
docker logs "$trial" 2>&1 | grep -oE '(recovery stopping|last completed transaction|selected new timeline).*' | sed 's/^/recover: /'
# The recovery-only settings go; the cluster keeps the stack's own.
superuser_sql "$trial" 'ALTER SYSTEM RESET listen_addresses' >/dev/null
superuser_sql "$trial" 'ALTER SYSTEM RESET recovery_target_action' >/dev/null
superuser_sql "$trial" 'ALTER SYSTEM RESET recovery_target_time' >/dev/null
# A clean shutdown: the recovered cluster starts as the stack's database without any redo.
docker stop --time 120 "$trial" >/dev/null
[ "$(docker inspect -f '{{.State.ExitCode}}' "$trial")" = 0 ] || {
  echo "recover: the recovered server did not shut down cleanly; nothing was changed" >&2
  exit 1
}
docker rm "$trial" >/dev/null

trap 'echo "recover: FAILED while swapping the data; the previous data is in volume $kept, the recovered cluster in volume $scratch (directory data)" >&2' EXIT
api_stopped="${api_stopped:-$SECONDS}"
docker compose stop api db
docker volume create "$kept" >/dev/null
# shellcheck disable=SC2016 # expanded in the container
copied="$(docker compose run --rm --no-deps --entrypoint bash \
  -v "$scratch:/var/lib/postgresql/recovery" -v "$kept:/var/lib/postgresql/replaced" db -c '
    set -euo pipefail
    cd /var/lib/postgresql
    if [ -n "$(ls -A data)" ]; then cp -a data/. replaced/; else echo "nothing to keep"; fi
    find data -mindepth 1 -delete
    cp -a recovery/data/. data/
    sync')"
if [ "$copied" = "nothing to keep" ]; then
  docker volume rm "$kept" >/dev/null
  kept=""
fi
trap - EXIT
docker volume rm "$scratch" >/dev/null
start_stack
echo "recover: done in $((SECONDS - started)) s (the API was stopped for $((SECONDS - api_stopped)) s)"
if [ -n "$kept" ]; then
  echo "recover: the data it replaced is kept in volume $kept; remove it once no longer needed: docker volume rm $kept"
fi
