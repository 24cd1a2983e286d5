import { readFileSync } from 'node:fs';
import type { LogLevel } from '@nestjs/common';

export interface DatabaseConfig {
  host: string;
  port: number;
  name: string;
  user: string;
  password: string;
  schema: string;
  /** Most connections the pool opens. */
  poolSize: number;
  /** Longest wait for a connection (a new one or a free one from the pool) before the request fails. */
  connectTimeoutMs: number;
  /** PostgreSQL statement_timeout of every session; 0 disables it. */
  statementTimeoutMs: number;
  /**
   * Longest wait for the answer to a query, on the client side: a frozen or unreachable server cannot
   * enforce its own statement_timeout. The connection is then dropped; 0 disables it.
   */
  queryTimeoutMs: number;
}

/** How the API is deployed: what the migrate job checks the database's connection limit against. */
export interface DeploymentConfig {
  /** API replicas running side by side (one more for a moment while make deploy replaces one). */
  apiReplicas: number;
  /** DB_POOL_SIZE of each API replica. */
  apiPoolSize: number;
}

export interface AppConfig {
  port: number;
  /** The least severe level written; every more severe level is written too. */
  logLevel: LogLevel;
  /** Origins allowed to call the API from a browser; empty: no CORS headers at all. */
  corsOrigins: string[];
  /** Readiness fails once the V8 heap in use exceeds this many bytes. */
  heapLimitBytes: number;
  /** On SIGTERM, how long readiness answers 503 while requests are still served, before the server closes. */
  shutdownDrainMs: number;
  database: DatabaseConfig;
  deployment: DeploymentConfig;
}

/** Nest's levels, least severe first. */
export const LOG_LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

type Env = Readonly<Record<string, string | undefined>>;

/** Every problem found in the environment at once, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// PostgreSQL identifiers longer than 63 bytes are silently truncated; quoting stays trivial.
const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Reads and validates the whole configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  const text = (name: string, fallback?: string): string => {
    const value = env[name];
    if (value) return value;
    if (fallback === undefined) problems.push(`${name} is required`);
    return fallback ?? '';
  };

  const integer = (name: string, fallback: number, min: number, max: number, what = 'an integer'): number => {
    const raw = text(name, String(fallback));
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be ${what} (${min}-${max}), got "${raw}"`);
    }
    return value;
  };

  const port = (name: string, fallback: number): number => integer(name, fallback, 1, 65535, 'a TCP port');

  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const value = text(name, fallback) as T;
    if (!allowed.includes(value)) problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return value;
  };

  // Comma-separated origins, each exactly as a browser sends it: scheme://host[:port], no path.
  const origins = (name: string): string[] => {
    const list = (env[name] ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    for (const origin of list) {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
        problems.push(
          `${name} must list origins such as https://app.example.com (no path, no trailing /), got "${origin}"`,
        );
      }
    }
    return list;
  };

  const identifier = (name: string, fallback: string): string => {
    const value = text(name, fallback);
    if (!SQL_IDENTIFIER.test(value)) {
      problems.push(`${name} must be a plain SQL identifier (letters, digits, _; at most 63), got "${value}"`);
    }
    return value;
  };

  // Secrets come from <NAME> or, preferably, from the file named by <NAME>_FILE (Docker/Compose
  // secrets). Their values never appear in a message.
  const secret = (name: string): string => {
    const file = env[`${name}_FILE`];
    if (!file) return text(name);
    if (env[name]) {
      problems.push(`set either ${name} or ${name}_FILE, not both`);
      return '';
    }
    try {
      const value = readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
      if (!value) problems.push(`${name}_FILE points to an empty file (${file})`);
      return value;
    } catch (error) {
      problems.push(`${name}_FILE cannot be read (${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return '';
    }
  };

  const config: AppConfig = {
    port: port('PORT', 3000),
    logLevel: oneOf('LOG_LEVEL', 'log', LOG_LEVELS),
    corsOrigins: origins('CORS_ORIGINS'),
    heapLimitBytes: integer('HEALTH_HEAP_LIMIT_MB', 256, 16, 65536) * 1024 * 1024,
    shutdownDrainMs: integer('SHUTDOWN_DRAIN_MS', 5000, 0, 20000),
    database: {
      host: text('DB_HOST'),
      port: port('DB_PORT', 5432),
      name: text('DB_NAME'),
      user: text('DB_USER'),
      password: secret('DB_PASSWORD'),
      schema: identifier('DB_SCHEMA', 'app'),
      poolSize: integer('DB_POOL_SIZE', 10, 1, 100),
      connectTimeoutMs: integer('DB_CONNECT_TIMEOUT_MS', 2000, 100, 60000),
      statementTimeoutMs: integer('DB_STATEMENT_TIMEOUT_MS', 5000, 0, 600000),
      queryTimeoutMs: integer('DB_QUERY_TIMEOUT_MS', 6000, 0, 600000),
    },
    deployment: {
      apiReplicas: integer('API_REPLICAS', 2, 1, 100),
      apiPoolSize: integer('API_DB_POOL_SIZE', 10, 1, 100),
    },
  };
  const { statementTimeoutMs, queryTimeoutMs } = config.database;
  if (queryTimeoutMs > 0 && statementTimeoutMs > 0 && queryTimeoutMs <= statementTimeoutMs)
    // PostgreSQL cancels a slow statement itself and the connection stays usable; the client's bound
    // is for a server that cannot answer at all.
    problems.push('DB_QUERY_TIMEOUT_MS must be more than DB_STATEMENT_TIMEOUT_MS, or 0');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** For entry points: a bad configuration ends the process with its message only (no stack trace). */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
