import { prepareDatabase, type Server, startEmbeddedPostgres } from './support/postgres-server';
import { publishTestDatabase } from './support/test-database';

export type Teardown = () => Promise<void>;
export const TEARDOWN_KEY = '__appApiTestDatabaseTeardown';

/**
 * One database for the whole run, prepared the way production does (support/postgres-server.ts), on
 * an embedded server or on TEST_DATABASE_URL's (which must archive its WAL, as production does, for
 * the readiness report to say "ok").
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  const server: Server = url ? { superuserUrl: new URL(url), stop: async () => {} } : await startEmbeddedPostgres();
  try {
    const { database, drop } = await prepareDatabase(server.superuserUrl);
    const teardown: Teardown = async () => {
      try {
        await drop();
      } finally {
        await server.stop();
      }
    };
    (globalThis as Record<string, unknown>)[TEARDOWN_KEY] = teardown;
    publishTestDatabase(database);
  } catch (error) {
    await server.stop();
    throw error;
  }
}
