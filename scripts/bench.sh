#!/usr/bin/env bash
# make bench: the API against the floor of a raw node:http + pg server answering the same routes
# with the same SQL and pool (backend/bench/twin.mjs), and through the front, on a stack of its own
# (compose project app-bench, nothing published), seeded to ROWS items, then removed with its volume.
# The api and the twin run at the api's compose limits (1 CPU, one replica each), the front at its
# own. wrk (backend/bench/load.lua) runs on the internal network; the three are measured in turn,
# route by route, over several rounds. Figures, not assertions.
#   ROWS                items in the table (default 100): ROWS=1000000 takes about a minute to seed
#   BENCH_SECONDS       one measure (default 8), after a 1 s warm-up
#   BENCH_ROUNDS        rounds (default 3)          BENCH_CONNECTIONS  (default 50)   BENCH_THREADS (default 2)
#   BENCH_PROJECT       compose project (default app-bench)
set -euo pipefail
cd "$(dirname "$0")/.."

rows="${ROWS:-100}"
seconds="${BENCH_SECONDS:-8}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-50}"
threads="${BENCH_THREADS:-2}"
for value in "$rows" "$seconds" "$rounds" "$connections" "$threads"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "bench: ROWS and BENCH_* must be positive integers, got '$value'" >&2; exit 2; }
done

export COMPOSE_PROJECT_NAME="${BENCH_PROJECT:-app-bench}"
export COMPOSE_FILE="$PWD/docker-compose.yml:$PWD/backend/bench/compose.yml"
export COMPOSE_PROFILES=""
# One api replica, whatever the environment asks of the stack.
export API_REPLICAS=1
results="$(mktemp)"
teardown() { docker compose --profile tools down --volumes --remove-orphans --timeout 20 >/dev/null 2>&1 || true; }
on_exit() {
  local code=$?
  [ "$code" -eq 0 ] || scripts/diagnose.sh
  teardown
  rm -f "$results"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

teardown # whatever an interrupted run left behind
started=$SECONDS
docker compose --profile tools build --quiet
docker compose up -d --wait --wait-timeout 300 || { scripts/diagnose.sh; exit 1; }

# As the schema owner, inside the db container (its password never leaves it): one statement.
psql_owner() {
  # shellcheck disable=SC2016 # expanded inside the container
  docker compose exec -T db sh -c 'PGPASSWORD="$(cat /run/secrets/db_owner_password)" \
    exec psql -q -v ON_ERROR_STOP=1 -tA -h 127.0.0.1 -U app_owner -d "$POSTGRES_DB"'
}
echo "bench: seeding the table to ${rows} items"
psql_owner <<SQL
INSERT INTO app.items (name, description)
SELECT 'Item ' || lpad(g::text, 8, '0'), 'Seeded by make bench'
FROM generate_series((SELECT count(*) FROM app.items) + 1, ${rows}) AS g;
VACUUM ANALYZE app.items;
SQL
max_id="$(psql_owner <<<'SELECT max(id) FROM app.items;')"
echo "bench: stack up and seeded in $((SECONDS - started)) s (build included)"

api_get() { docker compose exec -T api curl -fsS "http://127.0.0.1:3000$1"; }
field() { node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s)[process.argv[1]] ?? ""))' "$1"; }
# A page at the end, reached forward as a client would: the last page's previous page, then its next.
before_last="$(api_get "/items?cursor=$(api_get /items | field last)" | field prev)"
end_page="/items"
[ -z "$before_last" ] || end_page="/items?cursor=$(api_get "/items?cursor=${before_last}" | field next)"

container() { docker compose ps --quiet "$1"; }
# Nanoseconds of CPU the container has used (cgroup v1 or v2), read inside it.
cpu_ns() {
  # shellcheck disable=SC2016 # expanded inside the container
  docker exec "$(container "$1")" sh -c 'cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null \
    || cat /sys/fs/cgroup/cpu,cpuacct/cpuacct.usage 2>/dev/null \
    || awk "/^usage_usec/ { printf \"%d\", \$2 * 1000 }" /sys/fs/cgroup/cpu.stat'
}
memory() { docker stats --no-stream --format '{{.MemUsage}}' "$(container "$1")"; }

# Addresses, not names: a lookup by Docker's DNS on a saturated machine can time out inside wrk.
address() { docker inspect -f "{{(index .NetworkSettings.Networks \"${COMPOSE_PROJECT_NAME}_app\").IPAddress}}" "$(container "$1")"; }
declare -A host=([api]="http://$(address api):3000" [front]="http://$(address front):8080" [twin]="http://$(address twin):3000")
declare -A prefix=([api]="" [front]=/api [twin]="")
routes=("GET /items" "GET /items, a page at the end" "GET /items/:id" "POST /items")
declare -A kind=([GET /items]=get [GET /items, a page at the end]=get [GET /items/:id]=ids [POST /items]=post)
declare -A path=([GET /items]=/items [GET /items, a page at the end]="$end_page" [GET /items/:id]=/items [POST /items]=/items)

# measure <round> <route> <via>: a warm-up, then the measured run, as one JSON line in $results.
measure() {
  local round="$1" route="$2" via="$3" serving="$3" url before after line
  [ "$via" != front ] || serving=api
  url="${host[$via]}${prefix[$via]}${path[$route]}"
  wrk() {
    docker compose run --rm -T load -t"$threads" -c"$connections" -d"$1" -s /bench/load.lua "$url" \
      -- "${kind[$route]}" "${prefix[$via]}" "$via-$round-$2" "$max_id" | grep '^{'
  }
  wrk 1s warm >/dev/null
  before="$(cpu_ns "$serving")"
  line="$(wrk "${seconds}s" run)"
  after="$(cpu_ns "$serving")"
  printf '{"route":"%s","via":"%s","round":%d,"cpuNs":%d,%s\n' "$route" "$via" "$round" $((after - before)) "${line#\{}" >>"$results"
  printf '  round %d  %-30s %-6s %s\n' "$round" "$route" "$via" "$line"
}

echo "bench: api memory at idle: $(memory api)"
vias=(api front twin)
for round in $(seq 1 "$rounds"); do
  for route in "${routes[@]}"; do
    # Each round starts with another of the three, so that drift on the machine spreads evenly.
    for i in 0 1 2; do measure "$round" "$route" "${vias[$(((i + round - 1) % 3))]}"; done
  done
done

echo
echo "make bench: ROWS=${rows} (max id ${max_id}), ${rounds} rounds of ${seconds} s a measure, ${connections} connections, wrk ${threads} threads"
echo "  api and twin: 1 CPU each (the api's compose limit); front: its own limit; one api replica"
node backend/bench/report.mjs "$results"
echo "api memory: idle as above; after load $(memory api) (twin after load: $(memory twin))"
