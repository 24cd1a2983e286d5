#!/usr/bin/env bash
# Each service's state and health, then the API's readiness report (GET /status), and what the WAL
# archive holds, for a person. Exits non-zero unless every long-running service is healthy and the
# API reports "ok" (not "degraded", which a failing WAL archive makes it, still answering 200).
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
compose=(docker compose)
status=0
printf '%-10s %-24s %-10s %s\n' SERVICE CONTAINER STATE HEALTH
for svc in $("${compose[@]}" config --services); do
  states="$(service_states "$svc")"
  [ -n "$states" ] || states="- missing - -"
  while read -r container running health code; do
    service_ok "$running $health $code" || status=1
    [ "$health" = "-" ] && [ "$running" = "exited" ] && health="exit code $code"
    printf '%-10s %-24s %-10s %s\n' "$svc" "$container" "$running" "$health"
  done <<<"$states"
done
echo
echo "GET /status:"
# Asked from inside an api replica: it works whatever the front's port, and needs no tools on the host.
docker compose exec -T api node -e '
  fetch("http://127.0.0.1:3000/status")
    .then(async (r) => {
      const report = await r.json();
      console.log(JSON.stringify(report, null, 2));
      process.exitCode = r.ok && report.status === "ok" ? 0 : 1;
    })
    .catch((e) => { console.log("no answer: " + e.message); process.exitCode = 1; });
' || status=1
echo
docker compose exec -T db pitr-archive-status || status=1
exit "$status"
