-- Least-privilege roles for the application database, applied once on the database's first start
-- (initdb/10-roles.sh) and by the API's tests against their own PostgreSQL.
-- psql variables: db, owner_role, owner_password, api_role, api_password, schema.
--   owner_role  owns the schema and runs the migrations (DDL).
--   api_role    reads and writes rows in that schema; no DDL, not the owner, not a superuser.

CREATE ROLE :"owner_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'owner_password';
CREATE ROLE :"api_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'api_password';

-- Nobody but these roles may connect; nobody may create objects in public.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"owner_role", :"api_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA :"schema" AUTHORIZATION :"owner_role";
GRANT USAGE ON SCHEMA :"schema" TO :"api_role";

-- Every table and sequence the owner's migrations create is usable, row by row, by the API.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA :"schema"
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"api_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA :"schema"
  GRANT USAGE, SELECT ON SEQUENCES TO :"api_role";

ALTER ROLE :"owner_role" SET search_path = :"schema";
ALTER ROLE :"api_role" SET search_path = :"schema";
