import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { readServerLimits } from '../src/database/connection-budget';
import { runMigrations } from '../src/database/run-migrations';
import { connectAs } from './support/pg-client';
import { testDatabase } from './support/test-database';

// Expand/contract against the real database: three releases of a small table, each deployed by
// runMigrations the way the migrate job does. The releases' migrations are recorded in a table of
// their own; afterwards the real migrations record the real columns in use again.
const { owner } = testDatabase();
const MIGRATIONS_TABLE = 'guard_migrations';

@Entity({ name: 'guard_probe' })
class ProbeV1 {
  @PrimaryColumn() id!: number;
  @Column() name!: string;
  @Column() legacy!: string;
}

// The next release: the code no longer reads or writes `legacy`.
@Entity({ name: 'guard_probe' })
class ProbeV2 {
  @PrimaryColumn() id!: number;
  @Column() name!: string;
}

// A release that renames `name` to `title` together with the code.
@Entity({ name: 'guard_probe' })
class ProbeRenamed {
  @PrimaryColumn() id!: number;
  @Column() title!: string;
}

const qualified = (queryRunner: QueryRunner) => `"${queryRunner.connection.driver.schema}".guard_probe`;

class CreateProbe1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner) {
    await queryRunner.query(
      `CREATE TABLE ${qualified(queryRunner)} (id integer PRIMARY KEY, name text NOT NULL, legacy text NOT NULL)`,
    );
  }
  async down() {}
}

class DropLegacy1700000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner) {
    await queryRunner.query(`ALTER TABLE ${qualified(queryRunner)} DROP COLUMN legacy`);
  }
  async down() {}
}

class RenameName1700000000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner) {
    await queryRunner.query(`ALTER TABLE ${qualified(queryRunner)} RENAME COLUMN name TO title`);
  }
  async down() {}
}

const release = (entity: new () => object, ...migrations: (new () => MigrationInterface)[]) =>
  runMigrations(owner, { entities: [entity], migrations, migrationsTableName: MIGRATIONS_TABLE });

async function probeColumns(): Promise<string[]> {
  const client = await connectAs(owner);
  try {
    const { rows } = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'guard_probe'
       ORDER BY ordinal_position`,
      [owner.schema],
    );
    return rows.map((row) => row.column_name);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const client = await connectAs(owner);
  try {
    await client.query(`DROP TABLE IF EXISTS "${owner.schema}".guard_probe, "${owner.schema}".${MIGRATIONS_TABLE}`);
  } finally {
    await client.end();
  }
  await runMigrations(owner); // the real entities' columns are the ones in use again
});

describe('migrations follow expand/contract', () => {
  it('release 1 adds the table', async () => {
    await expect(release(ProbeV1, CreateProbe1700000000001)).resolves.toEqual(['CreateProbe1700000000001']);
    expect(await probeColumns()).toEqual(['id', 'name', 'legacy']);
  });

  it('refuses to drop a column in the release that stops using it, and applies nothing', async () => {
    await expect(release(ProbeV2, CreateProbe1700000000001, DropLegacy1700000000002)).rejects.toThrow(
      'migration(s) DropLegacy1700000000002 drop or rename guard_probe.legacy, which the version deployed now still uses',
    );
    expect(await probeColumns()).toEqual(['id', 'name', 'legacy']);
  });

  it('drops it one release after the code stopped using it', async () => {
    await expect(release(ProbeV2, CreateProbe1700000000001)).resolves.toEqual([]);
    await expect(release(ProbeV2, CreateProbe1700000000001, DropLegacy1700000000002)).resolves.toEqual([
      'DropLegacy1700000000002',
    ]);
    expect(await probeColumns()).toEqual(['id', 'name']);
  });

  it('refuses a rename that the running version would not find', async () => {
    await expect(
      release(ProbeRenamed, CreateProbe1700000000001, DropLegacy1700000000002, RenameName1700000000003),
    ).rejects.toThrow('drop or rename guard_probe.name');
    expect(await probeColumns()).toEqual(['id', 'name']);
  });
});

describe('the connection budget', () => {
  it("reads the server's limits", async () => {
    const limits = await readServerLimits(owner);
    expect(limits.maxConnections).toBeGreaterThan(limits.reserved);
    expect(limits.reserved).toBeGreaterThanOrEqual(3);
  });
});
