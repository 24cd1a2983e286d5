import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';

/** Applies pending migrations, each in its own transaction; returns the names of those applied. */
export async function runMigrations(db: DatabaseConfig): Promise<string[]> {
  // A migration may rightly run longer than the API's per-statement bound.
  const dataSource = new DataSource(dataSourceOptions({ ...db, statementTimeoutMs: 0 }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
