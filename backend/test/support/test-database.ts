import { type DatabaseConfig, loadConfig } from '../../src/config/config';

// Written by global-setup into the environment, which every Jest worker inherits.
const ENV_KEY = 'APP_TEST_DATABASE';

export interface TestDatabase {
  /** Connection of the schema owner, who runs the migrations. */
  owner: DatabaseConfig;
  /** Connection of the least-privilege role the API uses. */
  api: DatabaseConfig;
}

export type DatabaseConnection = Pick<DatabaseConfig, 'host' | 'port' | 'name' | 'user' | 'password' | 'schema'>;

/** The environment variables that point the app at a database. */
export function databaseEnv({ host, port, name, user, password, schema }: DatabaseConnection): Record<string, string> {
  return {
    DB_HOST: host,
    DB_PORT: String(port),
    DB_NAME: name,
    DB_USER: user,
    DB_PASSWORD: password,
    DB_SCHEMA: schema,
  };
}

/** A connection completed with the app's defaults, through the app's own config validation. */
export function databaseConfig(connection: DatabaseConnection): DatabaseConfig {
  return loadConfig(databaseEnv(connection)).database;
}

export function publishTestDatabase(database: TestDatabase): void {
  process.env[ENV_KEY] = JSON.stringify(database);
}

export function testDatabase(): TestDatabase {
  const json = process.env[ENV_KEY];
  if (!json) throw new Error(`${ENV_KEY} is not set: run the tests with npm test (Jest's globalSetup sets it)`);
  return JSON.parse(json) as TestDatabase;
}
