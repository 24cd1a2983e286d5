import { readFileSync } from 'node:fs';

export interface DatabaseConfig {
  host: string;
  port: number;
  name: string;
  user: string;
  password: string;
  schema: string;
}

export interface AppConfig {
  port: number;
  database: DatabaseConfig;
}

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

  const port = (name: string, fallback: number): number => {
    const raw = text(name, String(fallback));
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
      problems.push(`${name} must be a TCP port (1-65535), got "${raw}"`);
    }
    return value;
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
    database: {
      host: text('DB_HOST'),
      port: port('DB_PORT', 5432),
      name: text('DB_NAME'),
      user: text('DB_USER'),
      password: secret('DB_PASSWORD'),
      schema: identifier('DB_SCHEMA', 'app'),
    },
  };
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
