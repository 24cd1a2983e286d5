#!/usr/bin/env bash
# make base-backup: a verified base backup of the running database into the WAL archive, then the
# retention (BASE_BACKUP_KEEP, default 7): db/bin/pitr-base-backup, run in the db container with the
# image's own PostgreSQL tools.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
docker compose exec -T -e "BASE_BACKUP_KEEP=${BASE_BACKUP_KEEP:-7}" db pitr-base-backup
