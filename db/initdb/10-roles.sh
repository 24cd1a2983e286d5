#!/usr/bin/env bash
# First start only (run by the postgres image's entrypoint): create the schema owner and the API
# role from roles.sql. Passwords are read from secret files by psql itself (\set with a command),
# so they never sit in the image, the container's environment or a process's command line.
set -euo pipefail

owner_file="${APP_DB_OWNER_PASSWORD_FILE:-/run/secrets/db_owner_password}"
api_file="${APP_DB_API_PASSWORD_FILE:-/run/secrets/db_api_password}"
for f in "$owner_file" "$api_file"; do
  if [ ! -s "$f" ] || [ ! -r "$f" ]; then
    echo "10-roles.sh: secret file $f is missing, empty or unreadable" >&2
    exit 1
  fi
done

# shellcheck disable=SC2016 # the backquotes are psql's, run inside psql, not by this shell
{
  printf '\\set owner_password `cat %s`\n' "$owner_file"
  printf '\\set api_password `cat %s`\n' "$api_file"
  cat /usr/local/share/app-db/roles.sql
} | psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --no-psqlrc --quiet \
  --set db="$POSTGRES_DB" \
  --set schema="${APP_DB_SCHEMA:-app}" \
  --set owner_role="${APP_DB_OWNER:-app_owner}" \
  --set api_role="${APP_DB_API_USER:-app_api}"
echo "10-roles.sh: roles ${APP_DB_OWNER:-app_owner} and ${APP_DB_API_USER:-app_api} created"
