#!/usr/bin/env bash
# make destroy: stop the stack and delete its volumes, and with them every row of the database. Only
# on explicit confirmation: CONFIRM=yes, or "yes" typed at the prompt on a terminal. Otherwise it
# refuses, deletes nothing and exits non-zero. (make down stops the stack and keeps the volumes.)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
project="$(docker compose config | sed -n 's/^name: //p')"
volumes="$(docker volume ls --quiet --filter "label=com.docker.compose.project=$project" | paste -sd ' ' -)"
if [ -n "$volumes" ] && [ "${CONFIRM:-}" != yes ]; then
  echo "destroy: this deletes the volumes of compose project '$project': $volumes" >&2
  echo "destroy: every row in the database goes with them (make backup first; make down keeps them)." >&2
  if [ -n "${CONFIRM:-}" ] || [ ! -t 0 ]; then
    echo "destroy: refused: confirm with CONFIRM=yes (or run it at a terminal); nothing was deleted" >&2
    exit 1
  fi
  read -r -p "Type yes to delete them: " answer || true
  [ "$answer" = yes ] || {
    echo "destroy: not confirmed; nothing was deleted" >&2
    exit 1
  }
fi
docker compose down --volumes --remove-orphans
echo "destroy: compose project '$project' removed${volumes:+, with its volumes $volumes}"
