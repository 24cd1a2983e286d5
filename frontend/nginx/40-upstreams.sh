#!/bin/sh
# Entrypoint hook (/docker-entrypoint.d), run before nginx starts: the first list of upstream
# replicas, then keep it current in the background for as long as the container runs.
set -e
upstreams sync
upstreams watch &
