#!/usr/bin/env bash
# The failures a newcomer meets first, each as one line with its fix.
set -uo pipefail
port="${FRONT_PORT:-8080}"
fail() { echo "preflight: $1" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "docker not found. Fix: install Docker Engine (https://docs.docker.com/engine/install/)."
docker info >/dev/null 2>&1 || fail "the Docker daemon is not reachable. Fix: start Docker (e.g. 'sudo systemctl start docker') and make sure your user may use it."
if ! docker compose version >/dev/null 2>&1; then
  if command -v docker-compose >/dev/null 2>&1; then
    fail "only Compose v1 (docker-compose) is installed. Fix: install the Compose v2 plugin ('docker compose'), e.g. the docker-compose-plugin package."
  fi
  fail "'docker compose' (Compose v2) is missing. Fix: install the docker-compose-plugin package."
fi

# The port is fine when this project's own edge already holds it (make up twice).
if [ -n "$(docker compose ps --quiet edge 2>/dev/null)" ]; then exit 0; fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  holder="$(docker ps --filter "publish=$port" --format '{{.Names}}' | head -1)"
  # shellcheck disable=SC2016 # the single quotes are text inside a double-quoted string
  fail "port $port is already in use${holder:+ by container '$holder'}. Fix: stop it, or choose another port: make up FRONT_PORT=8081"
fi
exit 0
