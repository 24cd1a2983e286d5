#!/usr/bin/env bash
# A consistent logical backup: pg_dump (one snapshot, custom format) of the running database into
# $BACKUP_DIR/app-<UTC timestamp>.dump, checked by pg_restore --list before it is kept.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
dir="${BACKUP_DIR:-./backups}"
umask 077
mkdir -p "$dir"
file="$dir/app-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

docker compose exec -T db sh -c "$db_superuser_env; exec pg_dump -U postgres -d \"\$POSTGRES_DB\" --format=custom" >"$partial"
entries="$(docker compose exec -T db pg_restore --list <"$partial" | grep -c ' TABLE DATA ' || true)"
[ "$entries" -gt 0 ] || { echo "backup: $partial holds no table data; not kept" >&2; exit 1; }
mv "$partial" "$file"
echo "backup: $file ($(wc -c <"$file") bytes, $entries tables with data)"
