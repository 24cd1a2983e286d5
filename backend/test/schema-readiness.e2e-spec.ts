import type { INestApplication } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import request from 'supertest';
import { DataSource, type MigrationInterface } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { SchemaHealthIndicator } from '../src/health/schema.health';
import { createTestApp } from './support/app';
import { connectAs } from './support/pg-client';
import { testDatabase } from './support/test-database';

// The API is ready only once the migrate job has brought the schema to its version: what keeps an
// orchestrator without depends_on (Swarm) from routing requests to a replica that started first.
const { owner, api } = testDatabase();

describe('GET /status and the schema version', () => {
  it('answers 503, naming every migration, where the migrate job has not run yet', async () => {
    // A schema the API role may read, in which no migration ever ran.
    const app: INestApplication = await createTestApp({ ...api, schema: 'public' });
    try {
      const response = await request(app.getHttpServer()).get('/status').expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        error: {
          schema: {
            status: 'down',
            message: `not migrated yet: ${migrations.map((migration) => migration.name).join(', ')}`,
          },
        },
        details: { database: { status: 'up' } },
      });
    } finally {
      await app.close();
    }
  });

  it('answers 200 with the number of migrations once they are applied', async () => {
    const app: INestApplication = await createTestApp(api);
    try {
      const response = await request(app.getHttpServer()).get('/status').expect(200);
      expect(response.body.details.schema).toMatchObject({ status: 'up', migrations: migrations.length });
    } finally {
      await app.close();
    }
  });
});

// A release's migrations, applied by TypeORM as the migrate job applies them, into a table of their
// own so the real schema stays as it is.
class ProbeFirst1700000000101 implements MigrationInterface {
  async up() {}
  async down() {}
}
class ProbeSecond1700000000102 implements MigrationInterface {
  async up() {}
  async down() {}
}
const MIGRATIONS_TABLE = 'schema_probe_migrations';

describe('the schema indicator, as the migrate job catches up', () => {
  const sources: DataSource[] = [];
  const connect = async (connection: typeof owner, release: (new () => MigrationInterface)[]): Promise<DataSource> => {
    const source = new DataSource({
      ...dataSourceOptions(connection),
      migrations: release,
      migrationsTableName: MIGRATIONS_TABLE,
    });
    sources.push(source);
    return source.initialize();
  };
  const migrateJob = async (release: (new () => MigrationInterface)[]) => {
    const job = await connect(owner, release);
    await job.runMigrations();
  };

  afterAll(async () => {
    await Promise.all(sources.filter((source) => source.isInitialized).map((source) => source.destroy()));
    const client = await connectAs(owner);
    try {
      await client.query(`DROP TABLE IF EXISTS "${owner.schema}"."${MIGRATIONS_TABLE}"`);
    } finally {
      await client.end();
    }
  });

  it('stays down, naming what is missing, until every migration of the version is applied', async () => {
    const indicator = new SchemaHealthIndicator(
      await connect(api, [ProbeFirst1700000000101, ProbeSecond1700000000102]),
      new HealthIndicatorService(),
    );
    const check = () => indicator.check('schema', 1500);

    await expect(check()).resolves.toMatchObject({
      schema: { status: 'down', message: 'not migrated yet: ProbeFirst1700000000101, ProbeSecond1700000000102' },
    });
    await migrateJob([ProbeFirst1700000000101]);
    await expect(check()).resolves.toMatchObject({
      schema: { status: 'down', message: 'not migrated yet: ProbeSecond1700000000102' },
    });
    await migrateJob([ProbeFirst1700000000101, ProbeSecond1700000000102]);
    await expect(check()).resolves.toMatchObject({ schema: { status: 'up', migrations: 2 } });
  });

  it('stays up when a newer version applied migrations this one does not know', async () => {
    const indicator = new SchemaHealthIndicator(
      await connect(api, [ProbeFirst1700000000101]),
      new HealthIndicatorService(),
    );
    await expect(indicator.check('schema', 1500)).resolves.toMatchObject({ schema: { status: 'up', migrations: 1 } });
  });
});
