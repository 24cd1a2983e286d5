#!/bin/sh
# upstreams: keeps nginx's list of one service's replicas equal to the replicas that are ready now.
#
#   upstreams sync    resolve UPSTREAM_HOST (Docker's DNS answers every replica's address), ask each
#                     replica's readiness (UPSTREAM_READY_PATH on UPSTREAM_PORT), write the ready ones
#                     as `server` lines into /tmp/upstreams/UPSTREAM_HOST.conf (an `upstream` block
#                     includes it), and reload nginx gracefully when the list changed
#   upstreams watch   sync every UPSTREAM_SYNC_INTERVAL seconds (default 2); the entrypoint starts it
#
# A replica that is starting, draining (readiness 503) or gone gets no new request, and an upstream
# block with keepalive keeps working on nginx 1.22 (no `server ... resolve`, which needs 1.27.3).
# When no replica is ready (the database is down), every replica stays listed so their own 503
# reaches the client; when none resolves, nginx answers 502 at once. make deploy runs `sync` itself
# after each change it makes (scripts/deploy.sh), so it never waits for the next round.
set -u
host="${UPSTREAM_HOST:?UPSTREAM_HOST: the service whose replicas nginx balances over}"
port="${UPSTREAM_PORT:?UPSTREAM_PORT: the port they listen on}"
ready_path="${UPSTREAM_READY_PATH:?UPSTREAM_READY_PATH: their readiness path}"
dir=/tmp/upstreams
conf="$dir/$host.conf"

# Bounded: Docker's DNS takes 10 s to give up on a name no running container has (all stopped).
addresses() {
  timeout 2 getent ahostsv4 "$host" | awk '{ print $1 }' | sort -u
}

# The given addresses whose readiness answers 2xx, asked in parallel.
ready() {
  for ip in "$@"; do
    (curl -fsS -o /dev/null --connect-timeout 1 --max-time 2 "http://$ip:$port$ready_path" 2>/dev/null && echo "$ip") &
  done
  wait
}

render() {
  all="$(addresses)"
  # shellcheck disable=SC2086 # one argument per address
  members="$(ready $all | sort)"
  [ -n "$members" ] || members="$all"
  if [ -z "$members" ]; then
    echo "server 127.0.0.1:9 down; # no replica of $host"
    return
  fi
  for ip in $members; do
    # One failed connection or timeout sets the replica aside for 5 s; the next sync settles it.
    echo "server $ip:$port max_fails=1 fail_timeout=5s;"
  done
}

update() {
  mkdir -p "$dir"
  # One sync at a time: the watch loop and make deploy's may overlap.
  exec 9>"$dir/.lock"
  flock 9
  next="$dir/.$host.conf.next"
  render >"$next"
  if cmp -s "$next" "$conf"; then
    rm -f "$next"
  else
    mv "$next" "$conf"
    echo "upstreams: $host: $(awk '{ printf "%s%s", sep, $2; sep = " " }' "$conf")"
    # No pid file yet: nginx is about to start and reads the file itself.
    if [ -s /tmp/nginx.pid ]; then kill -HUP "$(cat /tmp/nginx.pid)"; fi
  fi
  exec 9>&-
}

case "${1:-}" in
  sync) update ;;
  watch)
    while sleep "${UPSTREAM_SYNC_INTERVAL:-2}"; do update || echo "upstreams: $host: sync failed" >&2; done
    ;;
  *)
    echo "usage: upstreams sync|watch" >&2
    exit 2
    ;;
esac
