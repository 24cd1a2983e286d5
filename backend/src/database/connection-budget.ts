import { DataSource } from 'typeorm';
import type { DatabaseConfig, DeploymentConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';

/** The migrate job's own connections (the migrations and this check). */
export const MIGRATE_CONNECTIONS = 2;
/** Left for people and tools: backup, restore, psql, monitoring. */
export const OPERATIONS_CONNECTIONS = 5;

/** What the server allows ordinary roles: max_connections less the slots reserved for superusers and pg_use_reserved_connections. */
export interface ServerLimits {
  maxConnections: number;
  reserved: number;
}

export class ConnectionBudgetError extends Error {
  override name = 'ConnectionBudgetError';
}

/**
 * Every API replica may open its whole pool, and make deploy runs one replica more while it replaces
 * one: (replicas + 1) x pool, plus the migrate job and a margin for operations, must fit in what the
 * server allows. Returns the sum as a sentence; throws ConnectionBudgetError when it does not fit.
 */
export function checkConnectionBudget(deployment: DeploymentConfig, server: ServerLimits): string {
  const { apiReplicas, apiPoolSize } = deployment;
  const needed = (apiReplicas + 1) * apiPoolSize + MIGRATE_CONNECTIONS + OPERATIONS_CONNECTIONS;
  const available = server.maxConnections - server.reserved;
  const sum =
    `(${apiReplicas} API replicas + 1 during a deploy) x pool ${apiPoolSize} + ${MIGRATE_CONNECTIONS} migrate` +
    ` + ${OPERATIONS_CONNECTIONS} operations = ${needed}`;
  const limit = `max_connections ${server.maxConnections} - ${server.reserved} reserved = ${available}`;
  if (needed > available) {
    throw new ConnectionBudgetError(
      `connection budget exceeded: ${sum} > ${limit}. Lower API_REPLICAS or DB_POOL_SIZE, or raise max_connections`,
    );
  }
  return `${sum} <= ${limit}`;
}

/** The server's limits, read over one connection of the given role. */
export async function readServerLimits(db: DatabaseConfig): Promise<ServerLimits> {
  const dataSource = await new DataSource({ ...dataSourceOptions(db), poolSize: 1 }).initialize();
  try {
    const [row] = await dataSource.query<{ max: number; reserved: number }[]>(
      `SELECT current_setting('max_connections')::int AS max,
              current_setting('superuser_reserved_connections')::int
                + current_setting('reserved_connections')::int AS reserved`,
    );
    return { maxConnections: row.max, reserved: row.reserved };
  } finally {
    await dataSource.destroy();
  }
}
