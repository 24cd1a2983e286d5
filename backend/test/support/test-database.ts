import type { DatabaseConfig } from '../../src/config/config';

// Written by global-setup into the environment, which every Jest worker inherits.
const ENV_KEY = 'APP_TEST_DATABASE';

export interface TestDatabase {
  /** Connection of the schema owner, who runs the migrations. */
  owner: DatabaseConfig;
  /** Connection of the least-privilege role the API uses. */
  api: DatabaseConfig;
}

export function publishTestDatabase(database: TestDatabase): void {
  process.env[ENV_KEY] = JSON.stringify(database);
}

export function testDatabase(): TestDatabase {
  const json = process.env[ENV_KEY];
  if (!json) throw new Error(`${ENV_KEY} is not set: run the tests with npm test (Jest's globalSetup sets it)`);
  return JSON.parse(json) as TestDatabase;
}
