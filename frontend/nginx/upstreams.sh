#!/bin/sh
# upstreams: keeps nginx's list of one service's replicas equal to the replicas that are ready now.
#
#   upstreams sync    resolve UPSTREAM_HOST (Docker's DNS answers every replica's address), ask each
#                     replica's readiness (UPSTREAM_READY_PATH on UPSTREAM_PORT), write the ready ones
#                     as `server` lines into /tmp/upstreams/UPSTREAM_HOST.conf (an `upstream` block
#                     includes it), and reload nginx gracefully when the list changed
#   upstreams reload  sync, and reload nginx even when the list did not change: its idle keepalive
#                     connections may lead to processes that stopped (a script restarted the service)
#   upstreams watch   sync every UPSTREAM_SYNC_INTERVAL seconds (default 2); the entrypoint starts it
#
# A reload returns once nginx's old worker processes no longer take connections: a HUP alone returns
# at once, and a request in the next moments would still meet the old list.
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

# Is this process an nginx worker that takes connections (one told to quit says "... is shutting down")?
accepting() {
  [ "$( (tr -d '\0' <"/proc/$1/cmdline") 2>/dev/null)" = "nginx: worker process" ]
}

# Reloads nginx gracefully and waits (10 s at most) until its old workers stopped taking connections.
reload_nginx() {
  # No pid file yet: nginx is about to start and reads the file itself.
  [ -s /tmp/nginx.pid ] || return 0
  old=""
  for f in /proc/[0-9]*/cmdline; do
    pid="${f#/proc/}" && pid="${pid%/cmdline}"
    if accepting "$pid"; then old="$old $pid"; fi
  done
  kill -HUP "$(cat /tmp/nginx.pid)" || return 1
  tries=100
  for pid in $old; do
    while accepting "$pid"; do
      tries=$((tries - 1))
      if [ "$tries" -le 0 ]; then
        echo "upstreams: nginx did not reload within 10 s (its log says why)" >&2
        return 1
      fi
      sleep 0.1
    done
  done
}

# Writes the list; reloads nginx when it changed, or always with "force".
update() {
  mkdir -p "$dir"
  # One sync at a time: the watch loop and make deploy's may overlap.
  exec 9>"$dir/.lock"
  flock 9
  next="$dir/.$host.conf.next"
  render >"$next"
  status=0
  if cmp -s "$next" "$conf"; then
    rm -f "$next"
    [ "${1:-}" != force ] || reload_nginx || status=1
  else
    mv "$next" "$conf"
    echo "upstreams: $host: $(awk '{ printf "%s%s", sep, $2; sep = " " }' "$conf")"
    reload_nginx || status=1
  fi
  exec 9>&-
  return "$status"
}

case "${1:-}" in
  sync) update ;;
  reload) update force ;;
  watch)
    while sleep "${UPSTREAM_SYNC_INTERVAL:-2}"; do update || echo "upstreams: $host: sync failed" >&2; done
    ;;
  *)
    echo "usage: upstreams sync|reload|watch" >&2
    exit 2
    ;;
esac
