#!/usr/bin/env bash
# Generate the stack's secrets once: random passwords, one file each, in a directory only the
# current user can open. Existing files are kept (the database was initialised with them).
#
# Compose (outside Swarm) bind-mounts secret files with the host file's owner and mode, so each
# file is handed to the container user that reads it: the db (postgres, uid 999) reads all three
# on its first start, the migrate job and the API (node, gid 1000) read theirs through the group.
# A throw-away container does the chown, so this works the same with or without root on the host.
set -euo pipefail
dir="${SECRETS_DIR:-./secrets}"
image="${POSTGRES_IMAGE:-postgres:16-bookworm}"
umask 077
mkdir -p "$dir"
chmod 0700 "$dir"

declare -A access=(
  [db_superuser_password]="999:999 0400"
  [db_owner_password]="999:1000 0440"
  [db_api_password]="999:1000 0440"
)
for name in "${!access[@]}"; do
  if [ ! -s "$dir/$name" ]; then
    # 32 random bytes, URL-safe base64: no quoting trouble in SQL, URLs or shells.
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$dir/$name"
    echo "secrets: generated $dir/$name"
  fi
done

script=""
for name in "${!access[@]}"; do
  read -r owner mode <<<"${access[$name]}"
  script+="chown $owner /s/$name && chmod $mode /s/$name && "
done
docker run --rm --network none --user 0 --cap-drop ALL --cap-add CHOWN --cap-add FOWNER \
  --security-opt no-new-privileges --entrypoint sh -v "$(cd "$dir" && pwd):/s" "$image" -c "${script}true"
