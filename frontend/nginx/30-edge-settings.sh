#!/bin/sh
# Entrypoint hook (/docker-entrypoint.d), run before nginx starts: renders the settings of the edge
# (edge.conf includes them) from the environment, refusing to start on a malformed value.
#   SERVER_NAMES     host names served besides localhost and 127.0.0.1 (space- or comma-separated);
#                    a request for any other Host is refused, so a page on another site cannot reach
#                    the API by pointing its own name at this address (DNS rebinding)
#   CLIENT_CONNECTIONS  requests in progress at once per client address (default 64), then 429
#   TRUSTED_PROXIES  addresses or CIDRs of reverse proxies in front of the edge: from them, and only
#                    them, the client address is taken from X-Forwarded-For (rate and connection limits)
#   HSTS_MAX_AGE     seconds of Strict-Transport-Security on every answer of the edge (unset: none, the
#                    edge speaks HTTP). Set it when browsers reach the site only through HTTPS (a TLS
#                    proxy in front): the header binds the whole host name to HTTPS for that long, so it
#                    is the site's decision, made here and nowhere else (the API and the front send none)
set -eu
set -f # a wildcard name (*.example.com) is text, not a file pattern
dir=/tmp/nginx
mkdir -p "$dir"
fail() {
  echo "30-edge-settings.sh: $*" >&2
  exit 1
}
words() { echo "$1" | tr ',' ' '; }

names="localhost 127.0.0.1"
for name in $(words "${SERVER_NAMES:-}"); do
  echo "$name" | grep -Eq '^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$' ||
    fail "SERVER_NAMES: '$name' is not a host name (letters, digits, dots, hyphens; *.example.com for a wildcard)"
  names="$names $name"
done
echo "server_name $names;" >"$dir/server-names.conf"

limit="${CLIENT_CONNECTIONS:-64}"
echo "$limit" | grep -Eq '^[1-9][0-9]{0,5}$' || fail "CLIENT_CONNECTIONS: '$limit' is not a whole number from 1"
echo "limit_conn per_client $limit;" >"$dir/client-connections.conf"

: >"$dir/trusted-proxies.conf"
for proxy in $(words "${TRUSTED_PROXIES:-}"); do
  echo "$proxy" | grep -Eq '^([0-9]{1,3}(\.[0-9]{1,3}){3}(/[0-9]{1,2})?|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(/[0-9]{1,3})?)$' ||
    fail "TRUSTED_PROXIES: '$proxy' is not an IP address or CIDR"
  echo "set_real_ip_from $proxy;" >>"$dir/trusted-proxies.conf"
done

: >"$dir/hsts.conf"
if [ -n "${HSTS_MAX_AGE:-}" ]; then
  echo "$HSTS_MAX_AGE" | grep -Eq '^[0-9]{1,9}$' || fail "HSTS_MAX_AGE: '$HSTS_MAX_AGE' is not a number of seconds"
  echo "add_header Strict-Transport-Security \"max-age=$HSTS_MAX_AGE\" always;" >"$dir/hsts.conf"
fi
