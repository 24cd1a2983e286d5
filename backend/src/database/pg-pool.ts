import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * The node-postgres pool behind the DataSource: the same connections and bounds (DB_POOL_SIZE,
 * DB_CONNECT_TIMEOUT_MS, statement_timeout), for routes that send their own SQL and want plain rows
 * rather than entities. Read at each use: the pool exists once the DataSource is initialised.
 */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}
