#!/usr/bin/env bash
# make swarm-up | swarm-down | swarm-ps: the stack on Docker Swarm, deployed with `docker stack deploy`
# from docker-compose.yml and its swarm overlay (docker-compose.swarm.yml), as stack SWARM_STACK (app).
#   up    build the images (IMAGE_REGISTRY=local; otherwise every node pulls the registry's, pinned by
#         digest), deploy, then wait until the migrate job completed, every service runs all its
#         replicas, healthy, with no update left in progress, and the app answers on the published
#         port (SWARM_TIMEOUT seconds, default 300)
#   down  remove the stack and wait until its containers are gone; the database and WAL archive volumes are kept
#   ps    the services, their tasks, and the health of the containers on this node
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${SWARM_STACK:-app}"
registry="${IMAGE_REGISTRY:-local}"
tag="${IMAGE_TAG:-dev}"
timeout="${SWARM_TIMEOUT:-300}"

say() { echo "swarm: $*"; }
fail() {
  echo "swarm: $*" >&2
  exit 1
}

manager() {
  case "$(docker info -f '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}')" in
    "active true") ;;
    "active false") fail "this node is a swarm worker: run this on a manager node" ;;
    *) fail "this Docker host is not in a swarm. Create one: docker swarm init (add --advertise-addr <address> when the host has several), or join one; then run this again" ;;
  esac
}

# The stack file. Compose merges the overlay and resolves the variables, anchors and `!reset`s; the
# stack loader (compose file format 3) then wants three things its own way: no top-level project
# name, CPU limits as strings, published ports as numbers.
render() {
  COMPOSE_PROJECT_NAME="$stack" docker compose -f docker-compose.yml -f docker-compose.swarm.yml config |
    sed -E -e '/^name: /d' -e 's/^( +cpus: )([0-9.]+)$/\1"\2"/' -e 's/^( +published: )"([0-9]+)"$/\1\2/'
}

services() { docker service ls --quiet --filter "label=com.docker.stack.namespace=$stack"; }

# One line a service that has not converged yet, "<service>: <why>"; nothing once all have. An update
# of this deploy (started after $1, a Unix time) that Swarm rolled back or paused is a failure: exit 2.
pending() {
  local since=$1 id name mode update replicas
  for id in $(services); do
    IFS='|' read -r name mode update < <(docker service inspect -f \
      '{{.Spec.Name}}|{{if .Spec.Mode.ReplicatedJob}}job{{else}}replicated{{end}}|{{with .UpdateStatus}}{{.State}} {{.StartedAt.Unix}}{{end}}' "$id")
    case "$update" in
      updating* | rollback_started*) echo "$name: update in progress (${update% *})" && continue ;;
      rollback_completed* | rollback_paused* | paused*)
        [ "${update#* }" -lt "$since" ] || {
          echo "$name: the update failed (${update% *}): $(docker service inspect -f '{{.UpdateStatus.Message}}' "$id")"
          return 2
        }
        ;;
    esac
    # "2/2" for a replicated service (a task with a health check counts once healthy), "0/1 (1/1
    # completed)" for a job.
    replicas="$(docker service ls --filter "id=$id" --format '{{.Replicas}}')"
    if [ "$mode" = job ]; then
      [[ "$replicas" =~ \(([0-9]+)/([0-9]+)\ completed\) ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
        echo "$name: job not completed ($replicas)"
    else
      [[ "$replicas" =~ ^([0-9]+)/([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
        echo "$name: $replicas replicas running"
    fi
  done
}

# Each service's tasks that are not running or complete, or failed, with Swarm's reason: why a
# deploy did not converge (a pending task says why no node could take it).
diagnose() {
  local id
  for id in $(services); do
    docker service ps --no-trunc --format '{{.Name}} {{.Image}} {{.CurrentState}}: {{.Error}}' "$id" |
      grep -Ev '^\S+ \S+ (Running|Complete) [^:]*: $' | head -5 | sed 's/^/  | /' >&2 || true
  done
}

up() {
  manager
  local port="${FRONT_PORT:-8080}"
  if ! docker service inspect "${stack}_edge" >/dev/null 2>&1 && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use. Fix: stop what holds it, or choose another port: make swarm-up FRONT_PORT=8081"
  fi
  local started=$SECONDS resolve=always auth=(--with-registry-auth) since deployed
  if [ "$registry" = local ]; then
    docker compose -f docker-compose.yml build
    # One node, no registry: the images are those just built here. A rebuilt image keeps its tag, so
    # its id goes into a label of the services that run it (the overlay): a new id rolls them.
    resolve=never auth=()
    for image in api front db; do
      export "${image^^}_IMAGE_ID=$(docker image inspect -f '{{.Id}}' "$registry/app-$image:$tag")"
    done
  fi
  scripts/secrets.sh
  # docker stack deploy reads the password files as the caller, but make secrets gave them to the
  # container users: a throw-away container, allowed to read any file and nothing else, copies them
  # into a directory only the caller can open, removed once Swarm holds them as secrets.
  secrets="$(mktemp -d "${SECRETS_DIR:-./secrets}/.swarm.XXXXXX")"
  trap 'rm -rf "$secrets"' EXIT
  docker run --rm --network none --user 0 --cap-drop ALL --cap-add DAC_READ_SEARCH --security-opt no-new-privileges \
    -v "$(cd "${SECRETS_DIR:-./secrets}" && pwd):/s:ro" "${POSTGRES_IMAGE:-postgres:16-bookworm}" \
    tar -C /s -cf - db_superuser_password db_owner_password db_api_password | tar -C "$secrets" -xf - --no-same-owner
  since="$(date +%s)" deployed=$SECONDS
  SECRETS_DIR="$secrets" render |
    docker stack deploy --detach=true --prune --resolve-image "$resolve" "${auth[@]}" --compose-file - "$stack"
  rm -rf "$secrets"

  local waiting rc
  while :; do
    # Swarm takes a moment to start the updates: until then, every service looks converged.
    sleep 2
    rc=0
    waiting="$(pending "$since")" || rc=$?
    [ "$rc" -eq 0 ] || {
      echo "$waiting" >&2
      diagnose
      fail "stack $stack: an update was rolled back; the previous tasks are serving"
    }
    [ -n "$waiting" ] || break
    if [ $((SECONDS - deployed)) -ge "$timeout" ]; then
      echo "$waiting" >&2
      diagnose
      fail "stack $stack did not converge within ${timeout}s (make swarm-ps shows its tasks)"
    fi
  done
  # Converged, yet the front lists the API replicas at its next sync (2 s): wait until the whole path
  # answers, through the published port, where this node holds it (the edge runs here).
  if [ -n "$(docker service ps --quiet --filter desired-state=running --filter "node=$(docker info -f '{{.Swarm.NodeID}}')" "${stack}_edge")" ]; then
    until [[ "$(status_line "$port" /api/status)" == "HTTP/1.1 200 "* ]]; do
      [ $((SECONDS - deployed)) -lt "$timeout" ] || fail "stack $stack converged, but GET /api/status on port $port did not answer 200 within ${timeout}s"
      sleep 1
    done
  fi
  say "stack $stack converged and serving $((SECONDS - deployed))s after the deploy ($((SECONDS - started))s in all): http://localhost:$port"
}

# The status line of a GET of path $2 through port $1 of this node (bash alone, no HTTP client).
status_line() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
    IFS= read -r -t 5 line <&3 && echo "$line"
  ) 2>/dev/null
}

down() {
  local containers="docker ps --quiet --filter label=com.docker.stack.namespace=$stack"
  docker stack rm "$stack" >/dev/null 2>&1 || true
  # Its networks go once its containers have stopped: a new deploy at once would find them still there.
  local deadline=$((SECONDS + 120))
  while [ -n "$($containers)$(docker network ls --quiet --filter "label=com.docker.stack.namespace=$stack")" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "stack $stack: containers or networks still there after 120s"
    sleep 1
  done
  # Swarm leaves the containers of the migrate job's runs behind (ended tasks of a removed job); it
  # may still be removing others meanwhile.
  local ended
  ended="$($containers --all)"
  # shellcheck disable=SC2086 # one argument per container
  [ -z "$ended" ] || docker rm $ended >/dev/null 2>&1 || true
  say "stack $stack removed (its volumes ${stack}_db-data and ${stack}_db-archive are kept)"
}

show() {
  manager
  docker stack services "$stack"
  echo
  docker stack ps --format 'table {{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}' "$stack"
  echo
  # Health is the container's: this node's only (docker ps answers for the local engine).
  docker ps --all --filter "label=com.docker.stack.namespace=$stack" --format 'table {{.Names}}\t{{.Status}}'
}

case "${1:-}" in
  up | down) "$1" ;;
  ps) show ;;
  *) fail "usage: scripts/swarm.sh up|down|ps" ;;
esac
