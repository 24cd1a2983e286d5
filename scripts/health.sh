#!/usr/bin/env bash
# Each service's state and health, then the API's readiness report (GET /status), for a person.
# Exits non-zero unless every long-running service is healthy and the API reports "ok".
set -uo pipefail
status=0
printf '%-10s %-10s %s\n' SERVICE STATE HEALTH
for svc in $(docker compose config --services); do
  id="$(docker compose ps --all --quiet "$svc" 2>/dev/null | head -1)"
  if [ -z "$id" ]; then printf '%-10s %-10s %s\n' "$svc" missing -; status=1; continue; fi
  read -r state health code < <(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.State.ExitCode}}' "$id")
  [ "$health" = "-" ] && [ "$state" = "exited" ] && health="exit code $code"
  printf '%-10s %-10s %s\n' "$svc" "$state" "$health"
  case "$state/$health" in running/healthy|"exited/exit code 0") ;; *) status=1 ;; esac
done
echo
echo "GET /status:"
# Asked from inside the api container: it works whatever the front's port, and needs no tools on the host.
docker compose exec -T api node -e '
  fetch("http://127.0.0.1:3000/status")
    .then(async (r) => { console.log(JSON.stringify(await r.json(), null, 2)); process.exitCode = r.ok ? 0 : 1; })
    .catch((e) => { console.log("no answer: " + e.message); process.exitCode = 1; });
' || status=1
exit "$status"
