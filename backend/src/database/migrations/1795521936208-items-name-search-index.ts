import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDEX = 'IDX_items_name_search';

/**
 * Search by name (GET /items?q=): lower-cased names compared byte by byte (collation "C"), then the
 * id. A prefix of such a key is a range of this index, and its order is the search's order, so a page
 * of matches is read straight from the index, from any cursor. pg_trgm (substring search) would need
 * CREATE on the database to install, which the schema owner does not have.
 *
 * Additive only: the previous API version ignores the index. Built inside the migrations' one
 * transaction (run-migrations.ts), not CONCURRENTLY, which cannot run in a transaction: the build
 * holds writes to the table while it runs (about a second a million rows here, README "Performance").
 * For a much larger table, build it by hand first with CREATE INDEX CONCURRENTLY and this name: the
 * migration then finds it and does nothing.
 */
export class ItemsNameSearchIndex1795521936208 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "${INDEX}" ON "${schemaOf(queryRunner)}".items ((lower(name) COLLATE "C"), id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "${schemaOf(queryRunner)}"."${INDEX}"`);
  }
}

// The schema is configuration (DB_SCHEMA): a plain identifier, validated at start-up.
function schemaOf(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.schema ?? 'public';
}
