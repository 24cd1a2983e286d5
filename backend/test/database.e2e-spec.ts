import type { Client } from 'pg';
import { DataSource } from 'typeorm';
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
