import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns the deployed version of the API uses, kept by the migrate job (schema-in-use.ts). */
export class CreateSchemaInUse1795520000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // IF NOT EXISTS: restoring a backup from before this migration leaves the table (it is not in
    // the dump) while the dump's migration history says to create it.
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS ${schemaInUseTable(queryRunner)} (
        table_name text NOT NULL,
        column_name text NOT NULL,
        CONSTRAINT "PK_schema_in_use" PRIMARY KEY (table_name, column_name)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaInUseTable(queryRunner)}`);
  }
}

// Each migration keeps its own helpers: a migration, once released, never changes.
function schemaInUseTable(queryRunner: QueryRunner): string {
  const { driver } = queryRunner.connection;
  return `${driver.escape(driver.schema ?? 'public')}.${driver.escape('schema_in_use')}`;
}
