#!/bin/sh
# Installed as /usr/local/bin/postgres, ahead of the server's own directory on PATH. The image's
# entrypoint exports the superuser password it read from POSTGRES_PASSWORD_FILE and ends with
# `exec postgres …`, which lands here: the password is dropped before the server starts, so no
# server process's environment (/proc/<pid>/environ) holds it. Anything else that runs `postgres`
# (the entrypoint's own `postgres -C …` queries) gets the real server binary unchanged.
unset POSTGRES_PASSWORD PGPASSWORD
exec "/usr/lib/postgresql/$PG_MAJOR/bin/postgres" "$@"
