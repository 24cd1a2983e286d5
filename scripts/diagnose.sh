#!/usr/bin/env bash
# After a failed start: which service is not healthy, and the end of its log.
set -uo pipefail
compose=(docker compose "$@")
"${compose[@]}" ps --all >&2
for svc in $("${compose[@]}" config --services); do
  id="$("${compose[@]}" ps --all --quiet "$svc" 2>/dev/null | head -1)"
  [ -n "$id" ] || { echo "diagnose: $svc was not created" >&2; continue; }
  state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}} exit={{.State.ExitCode}}' "$id")"
  case "$state" in
    "running healthy"*|"exited  exit=0") continue ;;
  esac
  echo "diagnose: $svc is $state; its last log lines:" >&2
  "${compose[@]}" logs --no-color --tail=30 "$svc" >&2
done
