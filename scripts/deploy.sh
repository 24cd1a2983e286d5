#!/usr/bin/env bash
# make deploy: rolls the api and the front (SERVICE=api or SERVICE=front for one) onto the images
# named by IMAGE_REGISTRY/IMAGE_TAG, one replica at a time, without failing a request. Never builds.
#   1. the migrate job on the new api image (when the api is rolled), before any replica changes;
#   2. for each old replica: start a new one, wait until it is healthy, route to it (the nginx in
#      front of the service re-reads its ready replicas: the front's for the api, the edge's for the
#      front), drain the old one (readiness 503, out of nginx, requests in flight finish), remove it.
# Every replica is replaced, also when the image is unchanged; the number running is kept
# (API_REPLICAS=N changes the api's). A new replica that is not healthy within DEPLOY_TIMEOUT
# seconds (default 60), or exits, is removed and the deploy stops with a non-zero exit, the old
# replicas serving; the end of its log says why.
# It acts on the stack as it was started (make prod-up: the production overlay; see stack_files).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
compose=(docker compose)
ready_timeout="${DEPLOY_TIMEOUT:-60}"
# The api's stop_grace_period: its drain (SHUTDOWN_DRAIN_MS) plus the requests in flight.
api_stop_grace=35
started=$SECONDS

say() { echo "deploy: $*"; }
fail() {
  echo "deploy: $*" >&2
  exit 1
}

case "${SERVICE:-}" in
  "") services=(api front) ;;
  api | front) services=("$SERVICE") ;;
  *) fail "SERVICE must be api or front (or unset for both), got '${SERVICE}'" ;;
esac
# Where each service's replicas are listed: the nginx of these containers balances over them.
declare -A router=([api]=front [front]=edge)

project="$("${compose[@]}" config | sed -n 's/^name: //p' | head -1)"
[ -n "$project" ] || fail "cannot read the compose project's name"
exec 9>"${TMPDIR:-/tmp}/deploy-${project}.lock"
flock -n 9 || fail "another deploy of project ${project} is running"

# The containers of a service (not one-off runs), oldest first; with "running": those running.
containers() {
  docker ps --quiet --all ${2:+--filter "status=$2"} --filter "label=com.docker.compose.project=${project}" \
    --filter "label=com.docker.compose.service=$1" --filter "label=com.docker.compose.oneoff=False" | tac
}
name_of() { docker inspect -f '{{.Name}}' "$1" | sed 's#^/##'; }
# The image a container runs, with its id: a tag built again names another image.
image_of() { docker inspect -f '{{.Config.Image}}@{{slice .Image 7 19}}' "$1"; }
count() { wc -w <<<"$1"; }
# The image Compose runs for a service (`config --images` lists its dependencies' too).
image_for() {
  "${compose[@]}" config | awk -v svc="  $1:" '/^[^ ]/ { top = $1 } top == "services:" && /^  [^ ]/ { s = $0 }
    top == "services:" && s == svc && /^    image: / { print $2 }'
}

# "N x image" for each image the running replicas of a service use.
running_images() {
  local id
  for id in $(containers "$1" running); do image_of "$id"; done | sort | uniq -c | awk '{ printf "%s%s x %s", sep, $1, $2; sep = ", " }'
}

# Each nginx in front of the service re-reads the service's ready replicas now, not at its next round.
route() {
  local id
  for id in $(containers "${router[$1]}" running); do
    docker exec "$id" upstreams sync | sed "s/^/deploy: $(name_of "$id"): /" || true
  done
}

# True when every nginx in front of the service lists the container (want: yes) or none does (no).
listed() {
  local svc=$1 id=$2 want=$3 ips conf ip found r
  ips="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$id")"
  for r in $(containers "${router[$svc]}" running); do
    conf="$(docker exec "$r" cat "/tmp/upstreams/${svc}.conf")"
    found=no
    for ip in $ips; do grep -q "^server ${ip}:" <<<"$conf" && found=yes; done
    [ "$found" = "$want" ] || return 1
  done
}
routed_to() { route "$1" && listed "$1" "$2" yes; }
routed_away_from() { route "$1" && listed "$1" "$2" no; }

# Retries a command every half second until it succeeds or the seconds are up.
within() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# Sets `why` and fails when the container exits, restarts or turns unhealthy, or is not healthy in time.
wait_healthy() {
  local id=$1 deadline=$((SECONDS + ready_timeout)) status health code restarts
  while :; do
    read -r status health code restarts <<<"$(docker inspect -f \
      '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}} {{.RestartCount}}' "$id")"
    [ "$status $health" != "running healthy" ] || return 0
    if [ "$status" != running ] || [ "$restarts" -gt 0 ]; then
      why="exited with code ${code}"
      return 1
    fi
    if [ "$health" = unhealthy ]; then
      why="turned unhealthy"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      why="did not become healthy within ${ready_timeout}s (health: ${health})"
      return 1
    fi
    sleep 1
  done
}

# A new replica failed: remove it (it never got a request unless `why` says it was routed), leave the
# others serving, say why with the end of its log, and stop.
roll_back() {
  local svc=$1 id=$2 name image
  name="$(name_of "$id")"
  image="$(image_of "$id")"
  echo "deploy: ${svc}: new replica ${name} (${image}) ${why}; the end of its log:" >&2
  docker logs --tail 30 "$id" 2>&1 | sed 's/^/  | /' >&2
  docker rm --force "$id" >/dev/null
  route "$svc" >/dev/null
  fail "${svc}: rolled back: removed ${name}; serving: $(running_images "$svc")"
}

# Starts one more replica of the service on the new image and returns once it receives requests.
add_replica() {
  local svc=$1 before id t0=$SECONDS
  before="$(containers "$svc")"
  "${compose[@]}" up --detach --no-deps --no-recreate --scale "${svc}=$(($(count "$before") + 1))" "$svc" \
    >"$compose_log" 2>&1 || { cat "$compose_log" >&2; fail "${svc}: could not start a new replica"; }
  id="$(comm -13 <(sort <<<"$before") <(containers "$svc" | sort))"
  [ "$(count "$id")" -eq 1 ] || fail "${svc}: expected one new container, got: ${id:-none}"
  wait_healthy "$id" || roll_back "$svc" "$id"
  if ! within 20 routed_to "$svc" "$id"; then
    why="is healthy but the ${router[$svc]} does not route to it"
    roll_back "$svc" "$id"
  fi
  say "${svc}: $(name_of "$id") healthy and receiving requests after $((SECONDS - t0))s"
}

# Drains a replica and removes it: it answers readiness 503 so its nginx takes it out, the requests
# it still has finish, then it stops.
retire() {
  local svc=$1 id=$2 name t0=$SECONDS
  name="$(name_of "$id")"
  case "$svc" in
    # The API's own drain on SIGTERM: readiness 503 for SHUTDOWN_DRAIN_MS while it still serves,
    # then it closes once the requests in flight are answered, and exits. One signal only: a second
    # SIGTERM would end the process at once.
    # (A replica that died meanwhile has nothing left to drain.)
    api) docker kill --signal TERM "$id" >/dev/null || true ;;
    # nginx has no draining state of its own: this file turns its /healthz into 503.
    front) docker exec "$id" touch /tmp/draining || true ;;
  esac
  within 20 routed_away_from "$svc" "$id" || say "warning: ${name} still listed by the ${router[$svc]} after 20s"
  case "$svc" in
    api) timeout "$api_stop_grace" docker wait "$id" >/dev/null || say "warning: ${name} did not exit within ${api_stop_grace}s" ;;
    # SIGQUIT (the image's stop signal): nginx stops accepting, finishes what it has, exits.
    front) docker stop --time 20 "$id" >/dev/null ;;
  esac
  docker rm --force "$id" >/dev/null
  say "${svc}: ${name} drained and removed after $((SECONDS - t0))s"
}

migrate() {
  local id code
  "${compose[@]}" up --detach --no-deps --force-recreate migrate >"$compose_log" 2>&1 ||
    { cat "$compose_log" >&2; fail "migrate: could not start the job"; }
  id="$("${compose[@]}" ps --all --quiet migrate | head -1)"
  code="$(docker wait "$id")"
  docker logs "$id" 2>&1 | sed 's/^/deploy: migrate | /'
  [ "$code" = 0 ] || fail "migrate: the job ($(image_of "$id")) exited with code ${code}: no replica was replaced"
}

rollout() {
  local svc=$1 image old id running desired
  image="$(image_for "$svc")"
  running="$(containers "$svc" running)"
  [ -n "$running" ] || fail "${svc}: no replica is running in project ${project}: start the stack first (make prod-up)"
  [ -n "$(containers "${router[$svc]}" running)" ] || fail "${svc}: the ${router[$svc]} is not running in project ${project}"
  desired="$(count "$running")"
  [ "$svc" != api ] || desired="${API_REPLICAS:-$desired}"
  say "${svc}: ${desired} replica(s) onto ${image}@$(docker image inspect -f '{{slice .Id 7 19}}' "$image") (now: $(running_images "$svc"))"
  # Stopped or crashed leftovers serve nothing: out of the way first.
  for id in $(comm -23 <(containers "$svc" | sort) <(sort <<<"$running")); do
    say "${svc}: removing $(name_of "$id"), which was not running"
    docker rm --force "$id" >/dev/null
  done
  for old in $running; do
    add_replica "$svc"
    retire "$svc" "$old"
  done
  while [ "$(count "$(containers "$svc" running)")" -lt "$desired" ]; do add_replica "$svc"; done
  # Fewer than before (API_REPLICAS): the oldest go.
  while [ "$(count "$(containers "$svc" running)")" -gt "$desired" ]; do
    retire "$svc" "$(containers "$svc" running | head -1)"
  done
  say "${svc}: $(running_images "$svc")"
}

compose_log="$(mktemp)"
trap 'rm -f "$compose_log"' EXIT
for svc in "${services[@]}"; do
  image="$(image_for "$svc")"
  if [ "${IMAGE_REGISTRY:-local}" = local ]; then
    docker image inspect "$image" >/dev/null 2>&1 ||
      fail "${svc}: no image ${image}: make deploy never builds; build it first (make build IMAGE_TAG=${IMAGE_TAG:-dev})"
  else
    "${compose[@]}" pull --quiet "$svc" || fail "${svc}: cannot pull ${image}"
  fi
done
if [[ " ${services[*]} " == *" api "* ]]; then migrate; fi
for svc in "${services[@]}"; do rollout "$svc"; done
say "done in $((SECONDS - started))s"
