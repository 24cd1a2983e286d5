#!/usr/bin/env bash
# A consistent logical backup: pg_dump (one snapshot, custom format) of the running database into
# $BACKUP_DIR/app-<UTC timestamp>.dump, or into the file given (restore.sh keeps the data it
# replaces that way). The dump goes to a temporary file beside it, is read back in full, data
# included, and only then renamed into place: a file under the final name is a complete archive.
# On any failure nothing is kept and the status is non-zero.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
umask 077
file="${1:-${BACKUP_DIR:-./backups}/app-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$file")"
fail() {
  echo "backup: $*; nothing kept" >&2
  exit 1
}
[ ! -e "$file" ] || fail "$file exists already"
partial="$(mktemp "$file.partial.XXXXXX")"
trap 'rm -f "$partial"' EXIT

docker compose exec -T db sh -c "$db_superuser_env; exec pg_dump -U postgres -d \"\$POSTGRES_DB\" --format=custom" >"$partial" ||
  fail "pg_dump failed"
# What a restore does, to /dev/null: every byte is read, the tables' data too (pg_restore --list
# would read the table of contents only and pass an archive cut short in the data).
docker compose exec -T db pg_restore --file=/dev/null <"$partial" ||
  fail "the archive does not read back in full (pg_restore above)"
tables="$(docker compose exec -T db pg_restore --list <"$partial" | grep -c ' TABLE DATA ' || true)"
[ "$tables" -gt 0 ] || fail "the archive holds no table data"
sync "$partial"
mv "$partial" "$file"
echo "backup: $file ($(wc -c <"$file") bytes, $tables tables with data, read back in full)"
