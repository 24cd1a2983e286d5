# shellcheck shell=bash disable=SC2034,SC2154 # variables shared with the scripts that source this file
# Sourced by the scripts that act on the running compose project. The caller sets the array
# `compose` (docker compose, with any -f file arguments) before calling these.

# One line per container of a service (the api has replicas):
# "<container> <state> <health, or - without a health check> <exit code>"; nothing when it has none.
service_states() {
  local ids
  ids="$("${compose[@]}" ps --all --quiet "$1" 2>/dev/null)"
  [ -n "$ids" ] || return 0
  # shellcheck disable=SC2086 # one argument per container
  docker inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.State.ExitCode}}' $ids |
    sed 's#^/##'
}

# True for a container as it should be (a line of service_states without the name): running and
# healthy, or a one-shot job that exited 0.
service_ok() {
  case "$1" in "running healthy "*|"exited - 0") return 0 ;; *) return 1 ;; esac
}

# Has each front's nginx read the API replicas now rather than at its next round (2 s), after a
# script restarted the API: the replicas may have new addresses, and even at the same ones the idle
# keepalive connections in nginx's pool lead to the processes that stopped, so it reloads as well
# (graceful: it drops only idle connections) before this returns.
sync_upstreams() {
  local id
  for id in $("${compose[@]}" ps --quiet front); do
    docker exec "$id" upstreams reload >/dev/null || true
  done
}

# Shell text for `db` containers: the superuser password, read there from its secret file, so it
# never reaches the host, for the psql, pg_dump or pg_restore that follows.
# shellcheck disable=SC2016 # expanded inside the container, not here
db_superuser_env='PGPASSWORD="$(cat /run/secrets/db_superuser_password)"; export PGPASSWORD'

# The compose files of the stack as it was started (make up, make prod-up, make dev), read from
# the labels Compose puts on the project's containers and exported as COMPOSE_FILE, Compose's own
# variable: every `docker compose` after this acts on that same stack, with its overlay, restart
# policy and images. An explicit COMPOSE_FILE wins; with no container yet, Compose's default file.
stack_files() {
  [ -z "${COMPOSE_FILE:-}" ] || return 0
  local id files
  # The project is named by `name:` in docker-compose.yml unless COMPOSE_PROJECT_NAME says otherwise.
  id="$(docker ps --all --quiet --filter "label=com.docker.compose.project=${COMPOSE_PROJECT_NAME:-app}" | head -1)"
  [ -n "$id" ] || return 0
  files="$(docker inspect -f '{{index .Config.Labels "com.docker.compose.project.config_files"}}' "$id")"
  [ -z "$files" ] || export COMPOSE_FILE="${files//,/:}"
}
