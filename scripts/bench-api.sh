#!/usr/bin/env bash
# Benchmarks the API of the running stack: requests/s, p50 and p99 latency of GET /status and GET /items,
# and the api container's memory at idle, under load (peak of the samples taken during the run) and after.
# One api replica is hit directly on the internal compose network (nginx in front rate-limits), from
# a throw-away container running backend/bench/run.mjs with autocannon from backend/node_modules.
# It measures; it asserts nothing. Usage: scripts/bench-api.sh   (make bench-api)
#   COMPOSE_PROJECT_NAME  the stack's compose project (default: app)
#   BENCH_SECONDS         duration a route (default: 10)      BENCH_CONNECTIONS  concurrent connections (default: 10)
set -euo pipefail
cd "$(dirname "$0")/.."

project="${COMPOSE_PROJECT_NAME:-app}"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-10}"
node_image="${NODE_IMAGE:-node:24-bookworm-slim}"

fail() { echo "bench-api: $*" >&2; exit 1; }

api="$(docker ps -q --filter "label=com.docker.compose.project=${project}" --filter "label=com.docker.compose.service=api" | head -1)"
[ -n "$api" ] || fail "no running api container in compose project '${project}': start the stack first (make up)"
health="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$api")"
[ "$health" = healthy ] || fail "the api container is '${health:-without health}', not healthy: see make ps / make logs SERVICE=api"
[ -f backend/node_modules/autocannon/package.json ] || fail "autocannon is missing: run (cd backend && npm ci) first"

memory() { docker stats --no-stream --format '{{.MemUsage}}' "$api"; }
# "123.4MiB / 384MiB" -> 123.4 (MiB)
to_mib() { awk '{ v = $1; u = v; gsub(/[0-9.]/, "", u); sub(/[A-Za-z]+$/, "", v);
                  f = (u == "GiB") ? 1024 : (u == "KiB") ? 1 / 1024 : (u == "B") ? 1 / 1048576 : 1;
                  printf "%.1f\n", v * f }'; }

name="$(docker inspect -f '{{.Name}}' "$api" | sed 's#^/##')"
echo "api container: ${name} (one replica), project ${project}"
echo "memory at idle: $(memory)"

samples="$(mktemp)"
sampler=""
cleanup() { [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true; rm -f "$samples"; }
trap cleanup EXIT
# docker stats takes about a second a sample: enough to catch the plateau of a 10 s run.
( while true; do memory >> "$samples"; done ) &
sampler=$!

status=0
docker run --rm --network "${project}_app" \
  --read-only --cap-drop ALL --security-opt no-new-privileges --user 1000 --memory 256m --pids-limit 100 \
  -v "$PWD/backend:/bench:ro" -w /bench "$node_image" \
  node bench/run.mjs "http://${name}:3000" "$seconds" "$connections" || status=$?

kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=""
peak="$(to_mib < "$samples" | sort -n | tail -1)"
echo "memory under load: peak ${peak:-?} MiB over $(wc -l < "$samples") samples (limit: $(memory | awk -F' / ' '{print $2}'))"
echo "memory after: $(memory)"
[ "$status" -eq 0 ] || fail "the load test reported errors or non-2xx answers (exit ${status})"
