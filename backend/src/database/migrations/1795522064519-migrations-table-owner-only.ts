import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TypeORM creates its bookkeeping table as the schema owner, so the schema's default privileges
 * (db/roles.sql) give the API role INSERT, UPDATE and DELETE on it, as on every table: the API could
 * rewrite the migration history. Only the owner, who runs the migrations, may change it now; others
 * keep SELECT (which migrations are applied is no secret). Expand-only: no running API writes it.
 */
export class MigrationsTableOwnerOnly1795522064519 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await apply(queryRunner, 'REVOKE', HELD);
  }

  /** Back to what the default privileges gave the table when TypeORM created it. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await apply(queryRunner, 'GRANT', BY_DEFAULT);
  }
}

const WRITES = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
// Privileges ($1: the table) held on the table itself...
const HELD = 'FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1::regclass';
// ...or given by the default privileges to every table its owner creates in its schema.
const BY_DEFAULT = `FROM pg_class c, pg_default_acl d, aclexplode(d.defaclacl) a
  WHERE c.oid = $1::regclass AND d.defaclrole = c.relowner AND d.defaclnamespace = c.relnamespace
    AND d.defaclobjtype = 'r'`;

/** GRANTs or REVOKEs the write privileges that `source` lists, for every role but the owner. */
async function apply(queryRunner: QueryRunner, action: 'GRANT' | 'REVOKE', source: string): Promise<void> {
  const table = migrationsTable(queryRunner);
  // The roles are configuration, so they are read from the catalog; regrole quotes a name when
  // needed, and grantee 0 is PUBLIC.
  const rows = (await queryRunner.query(
    `SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END AS grantee,
            a.privilege_type AS privilege
       ${source} AND a.grantee <> c.relowner AND a.privilege_type = ANY($2)`,
    [table, WRITES],
  )) as { grantee: string; privilege: string }[];
  for (const { grantee, privilege } of rows) {
    await queryRunner.query(`${action} ${privilege} ON ${table} ${action === 'GRANT' ? 'TO' : 'FROM'} ${grantee}`);
  }
}

// TypeORM's own name for it: the DataSource's migrationsTableName, in the configured schema.
function migrationsTable(queryRunner: QueryRunner): string {
  const { driver, options } = queryRunner.connection;
  return `${driver.escape(driver.schema ?? 'public')}.${driver.escape(options.migrationsTableName ?? 'migrations')}`;
}
