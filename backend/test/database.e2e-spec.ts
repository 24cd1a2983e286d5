import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrations as migrationClasses } from '../src/database/migrations';
import { MigrationsTableOwnerOnly1795522064519 } from '../src/database/migrations/1795522064519-migrations-table-owner-only';
import { runMigrations } from '../src/database/run-migrations';
import { createTestApp } from './support/app';
import { connectAs } from './support/pg-client';
import { testDatabase } from './support/test-database';

describe('database schema and roles', () => {
  const { owner, api } = testDatabase();

  it('re-running the migrations is a no-op', async () => {
    await expect(runMigrations(owner)).resolves.toEqual([]);
  });

  it("the app's entities match the migrated schema", async () => {
    // The app's own DataSource, with the entities its feature modules register; as the owner, who may
    // read the whole schema.
    const app = await createTestApp(owner);
    try {
      const entities = app.get(DataSource).entityMetadatas.map(({ tableName }) => tableName);
      expect(entities).toEqual(['items']);
      const pending = await app.get(DataSource).driver.createSchemaBuilder().log();
      expect(pending.upQueries.map(({ query }) => query)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  describe('the API role', () => {
    let client: Client;
    const items = `"${api.schema}".items`;
    const migrations = `"${api.schema}".migrations`;

    beforeAll(async () => {
      client = await connectAs(api);
    });

    afterAll(async () => {
      await client.end();
    });

    it.each([
      ['CREATE TABLE in the app schema', `CREATE TABLE "${api.schema}".probe (id integer)`],
      ['CREATE TABLE in public', 'CREATE TABLE public.probe (id integer)'],
      ['DROP TABLE items', `DROP TABLE ${items}`],
      ['ALTER TABLE items', `ALTER TABLE ${items} ADD COLUMN probe integer`],
      ['TRUNCATE items', `TRUNCATE ${items}`],
      ['INSERT INTO the migrations table', `INSERT INTO ${migrations} (timestamp, name) VALUES (1, 'Forged1')`],
      ['UPDATE the migrations table', `UPDATE ${migrations} SET name = name`],
      ['DELETE FROM the migrations table', `DELETE FROM ${migrations}`],
      ['TRUNCATE the migrations table', `TRUNCATE ${migrations}`],
    ])('cannot %s', async (_, sql) => {
      await expect(client.query(sql)).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
    });

    it('can read which migrations are applied', async () => {
      const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${migrations} ORDER BY id`);
      expect(rows.map(({ name }) => name)).toEqual(migrationClasses.map(({ name }) => name));
    });

    it('can read and write rows', async () => {
      await client.query('BEGIN');
      try {
        const inserted = await client.query<{ id: number }>(
          `INSERT INTO ${items} (name) VALUES ('probe') RETURNING id`,
        );
        const { id } = inserted.rows[0];
        await client.query(`UPDATE ${items} SET description = 'changed' WHERE id = $1`, [id]);
        const deleted = await client.query(`DELETE FROM ${items} WHERE id = $1`, [id]);
        expect(deleted.rowCount).toBe(1);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });

  describe('the migration that keeps the migrations table to the owner', () => {
    // Run by hand as the owner, down then up, on the migrated database: what a database migrated
    // before it existed had, and what it changes there.
    const apiMayInsert = async (): Promise<boolean> => {
      const client = await connectAs(api);
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO "${api.schema}".migrations (timestamp, name) VALUES (1, 'Forged1')`);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === '42501') return false;
        throw error;
      } finally {
        await client.query('ROLLBACK');
        await client.end();
      }
    };

    it('down gives the API role back what the default privileges gave it; up takes the writes away again', async () => {
      const dataSource = new DataSource(dataSourceOptions(owner));
      await dataSource.initialize();
      const queryRunner = dataSource.createQueryRunner();
      const migration = new MigrationsTableOwnerOnly1795522064519();
      try {
        expect(await apiMayInsert()).toBe(false);
        await migration.down(queryRunner);
        expect(await apiMayInsert()).toBe(true);
      } finally {
        await migration.up(queryRunner);
        await queryRunner.release();
        await dataSource.destroy();
      }
      expect(await apiMayInsert()).toBe(false);
    });
  });
});
