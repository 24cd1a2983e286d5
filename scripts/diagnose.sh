#!/usr/bin/env bash
# After a failed start: which service is not healthy, and the end of its log.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
compose=(docker compose)
"${compose[@]}" ps --all >&2
for svc in $("${compose[@]}" config --services); do
  state="$(service_state "$svc")"
  [ -n "$state" ] || { echo "diagnose: $svc was not created" >&2; continue; }
  service_ok "$state" && continue
  echo "diagnose: $svc is $state (state, health, exit code); its last log lines:" >&2
  "${compose[@]}" logs --no-color --tail=30 "$svc" >&2
done
