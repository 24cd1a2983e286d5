import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from '../config/config';
import { Item } from '../items/item.entity';
import { migrations } from './migrations';

/**
 * The one description of the database, shared by the API (as the least-privilege API role) and the
 * migration runner (as the schema owner): the schema changes only through migrations.
 */
export function dataSourceOptions(db: DatabaseConfig): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    database: db.name,
    username: db.user,
    password: db.password,
    schema: db.schema,
    applicationName: 'app-api',
    // Without it a connection to an unreachable host waits for the kernel's TCP timeout.
    connectTimeoutMS: 5000,
    entities: [Item],
    migrations,
    synchronize: false,
    migrationsRun: false,
  };
}
