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
    extra: {
      // Sent as a session parameter, so PostgreSQL itself cancels a runaway statement.
      statement_timeout: db.statementTimeoutMs,
      // node-postgres gives up on an answer that never comes (a frozen server: `docker pause` keeps
      // the TCP connection open and acknowledged), and the pool then drops that connection.
      query_timeout: db.queryTimeoutMs,
      // A peer that vanished (a host gone, a network cut) is noticed on an idle pooled connection.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
    // A pooled idle connection that breaks (database restart) is only logged: the pool drops it and
    // opens a new one on demand, so the API recovers by itself.
    poolErrorHandler: (error: Error) =>
      outsideRequest(() => logger.warn(`idle connection lost, the pool will reconnect: ${error.message}`)),
    migrations,
    synchronize: false,
    migrationsRun: false,
  };
}
