import { DataSource, MigrationExecutor } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';
import {
  columnsUsedBy,
  ExpandContractError,
  recordColumnsInUse,
  recordedColumnsInUse,
  schemaColumns,
} from './schema-in-use';

/**
 * Applies the pending migrations in one transaction (all or nothing), refusing any that drop or
 * rename a column the version deployed before still uses (schema-in-use.ts); then records the
 * columns this version uses. Returns the names of the migrations applied. `options` replaces the
 * entities and migrations, for tests.
 */
export async function runMigrations(
  db: DatabaseConfig,
  options: Pick<PostgresDataSourceOptions, 'entities' | 'migrations' | 'migrationsTableName'> = {},
): Promise<string[]> {
  // A migration may rightly run longer than the API's per-statement bound.
  const dataSource = new DataSource({
    ...dataSourceOptions({ ...db, statementTimeoutMs: 0, queryTimeoutMs: 0 }),
    ...options,
  });
  await dataSource.initialize();
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.startTransaction();
    // Two jobs started at once take turns.
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('app migrations'))`);
    const before = await schemaColumns(queryRunner, db.schema);
    const inUse = await recordedColumnsInUse(queryRunner, db.schema);
    const executor = new MigrationExecutor(dataSource, queryRunner);
    executor.transaction = 'none'; // inside the transaction above
    const applied = (await executor.executePendingMigrations()).map((migration) => migration.name);
    const after = await schemaColumns(queryRunner, db.schema);
    const removed = [...before].filter((column) => inUse.has(column) && !after.has(column));
    if (removed.length > 0) throw new ExpandContractError(applied, removed.sort());
    await recordColumnsInUse(queryRunner, db.schema, columnsUsedBy(dataSource));
    await queryRunner.commitTransaction();
    return applied;
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
    await dataSource.destroy();
  }
}
