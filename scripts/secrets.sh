#!/usr/bin/env bash
# Generate the stack's secrets once: random passwords, one file each, in a directory only the
# current user can open. Existing files are kept (the database was initialised with them).
#
# Compose (outside Swarm) bind-mounts secret files with the host file's owner and mode, and the
# containers run as their own users (postgres 999, node 1000), so the files are world-readable
# inside a 0700 directory: nobody else on the host can reach them, the containers can read them.
set -euo pipefail
dir="${SECRETS_DIR:-./secrets}"
umask 077
mkdir -p "$dir"
chmod 0700 "$dir"
for name in db_superuser_password db_owner_password db_api_password; do
  file="$dir/$name"
  if [ ! -s "$file" ]; then
    # 32 random bytes, URL-safe base64: no quoting trouble in SQL, URLs or shells.
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$file"
    echo "secrets: generated $file"
  fi
  chmod 0444 "$file"
done
