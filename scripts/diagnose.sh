#!/usr/bin/env bash
# After a failed start: which service is not healthy, and the end of its log.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
compose=(docker compose)
"${compose[@]}" ps --all >&2
for svc in $("${compose[@]}" config --services); do
  states="$(service_states "$svc")"
  [ -n "$states" ] || { echo "diagnose: $svc was not created" >&2; continue; }
  while read -r container state; do
    service_ok "$state" && continue
    echo "diagnose: $container is $state (state, health, exit code); its last log lines:" >&2
    docker logs --tail=30 "$container" 2>&1 | sed 's/^/  | /' >&2
  done <<<"$states"
done
