import { Logger } from '@nestjs/common';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from '../config/config';
import { outsideRequest } from '../logging/request-context';
import { migrations } from './migrations';

const logger = new Logger('Database');

/**
 * The one description of the database, shared by the API (as the least-privilege API role) and the
 * migration runner (as the schema owner): the schema changes only through migrations. No entities:
 * each feature module registers its own (`TypeOrmModule.forFeature`), and the migrations need none.
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
    poolSize: db.poolSize,
    // Bounds the wait for a connection, new or pooled: with the database down, requests fail fast
    // (503) instead of queueing until the kernel's TCP timeout.
    connectTimeoutMS: db.connectTimeoutMs,
    // Sent as a session parameter, so PostgreSQL itself cancels a runaway statement.
    extra: { statement_timeout: db.statementTimeoutMs },
    // A pooled idle connection that breaks (database restart) is only logged: the pool drops it and
    // opens a new one on demand, so the API recovers by itself.
    poolErrorHandler: (error: Error) =>
      outsideRequest(() => logger.warn(`idle connection lost, the pool will reconnect: ${error.message}`)),
    migrations,
    synchronize: false,
    migrationsRun: false,
  };
}
