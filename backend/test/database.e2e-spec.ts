import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { connectAs } from './support/pg-client';
import { testDatabase } from './support/test-database';

describe('database schema and roles', () => {
  const { owner, api } = testDatabase();

  it('re-running the migrations is a no-op', async () => {
    await expect(runMigrations(owner)).resolves.toEqual([]);
  });

  it('the entities match the migrated schema', async () => {
    const dataSource = await new DataSource(dataSourceOptions(owner)).initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map(({ query }) => query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  describe('the API role', () => {
    let client: Client;
    const items = `"${api.schema}".items`;

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
    ])('cannot %s', async (_, sql) => {
      await expect(client.query(sql)).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
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
});
