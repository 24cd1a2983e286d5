#!/usr/bin/env bash
# Build and start the stack, as production runs it (base file + production overlay), under its own
# compose project and port; run the stack tests against it; always tear it down with its volumes
# (also when a test or the start-up failed). Arguments go to Jest: e2e/run.sh tests/90-operations.test.ts
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export COMPOSE_PROJECT_NAME="${E2E_PROJECT:-app-e2e}"
# Every `docker compose` below, in the tests and in the scripts they run, sees both files.
export COMPOSE_FILE="$PWD/docker-compose.yml:$PWD/docker-compose.prod.yml"
export FRONT_PORT="${E2E_PORT:-18080}"
# A short archive_timeout, so the recovery tests wait seconds, not minutes, for WAL to be archived.
export WAL_ARCHIVE_TIMEOUT="${WAL_ARCHIVE_TIMEOUT:-10}"
teardown() {
  docker compose down --volumes --remove-orphans --timeout 20 >/dev/null 2>&1 || true
  # The volumes make recover keeps or uses besides the project's own.
  docker volume ls --quiet --filter "name=${COMPOSE_PROJECT_NAME}_db-" | grep -E "^${COMPOSE_PROJECT_NAME}_db-(data-replaced|recovery)-" |
    xargs --no-run-if-empty docker volume rm >/dev/null 2>&1 || true
}
trap teardown EXIT
trap 'exit 130' INT TERM

teardown # whatever an interrupted run left behind
scripts/preflight.sh || exit 1
started=$SECONDS
# Build first: the overlay lets Compose pull a missing image, and these images are local only.
docker compose build || exit 1
built=$SECONDS
if ! docker compose up -d --wait --wait-timeout 300; then
  scripts/diagnose.sh
  exit 1
fi
echo "e2e: images built in $((built - started))s; stack '$COMPOSE_PROJECT_NAME' (with its api replicas) healthy on port $FRONT_PORT $((SECONDS - built))s later"
cd e2e && E2E_BASE_URL="http://127.0.0.1:$FRONT_PORT" npm test -- "$@"
