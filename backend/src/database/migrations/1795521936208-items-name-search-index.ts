import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDEX = 'IDX_items_name_search';

/**
 * Search by name (GET /items?q=): lower-cased names compared byte by byte (collation "C"), then the
 * id. A prefix of such a key is a range of this index, and its order is the search's order, so a page
 * of matches is read straight from the index, from any cursor. pg_trgm (substring search) would need
 * CREATE on the database to install, which the schema owner does not have.
 *
 * Additive only: the previous API version ignores the index. Built CONCURRENTLY, so writes go on
 * during a rolling deploy, which rules out a transaction; an invalid index left by a failed build is
 * dropped first, as IF NOT EXISTS would keep it.
 */
export class ItemsNameSearchIndex1795521936208 implements MigrationInterface {
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    const index = `"${schema}"."${INDEX}"`;
    const invalid = (await queryRunner.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2 AND NOT i.indisvalid`,
      [schema, INDEX],
    )) as unknown[];
    if (invalid.length > 0) await queryRunner.query(`DROP INDEX CONCURRENTLY ${index}`);
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "${INDEX}" ON "${schema}".items ((lower(name) COLLATE "C"), id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${schemaOf(queryRunner)}"."${INDEX}"`);
  }
}

// The schema is configuration (DB_SCHEMA): a plain identifier, validated at start-up.
function schemaOf(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.schema ?? 'public';
}
