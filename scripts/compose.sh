#!/usr/bin/env bash
# `docker compose` on the stack as it was started (see stack_files): make down, ps, logs.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/compose.sh
. "$(dirname "$0")/lib/compose.sh"
stack_files
exec docker compose "$@"
