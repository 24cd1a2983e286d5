import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import type { Client } from 'pg';
import request from 'supertest';
import { createTestApp } from './support/app';
import { connectAs } from './support/pg-client';
import { testDatabase } from './support/test-database';

interface Page {
  items: Array<{ id: number; name: string }>;
  next: string | null;
  prev: string | null;
  last: string;
}

// Characters whose lower case is the same in JavaScript and in PostgreSQL, with spaces, digits,
// accents and a four-byte character, so that the expected order below can be computed here.
const ALPHABET = ['a', 'A', 'b', 'B', 'é', 'É', 'z', '0', '9', ' ', '-', '_', '%', '🍎'];
const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength });
const lower = (name: string) => Buffer.from(name.toLowerCase());

describe('paging is complete and in order, for any names and page size (property-based, real PostgreSQL)', () => {
  const database = testDatabase().api;
  const table = `"${database.schema}".items`;
  let app: INestApplication;
  let sql: Client;
  let run = 0;

  const page = async (query: Record<string, string | number>) =>
    (await request(app.getHttpServer()).get('/items').query(query).expect(200)).body as Page;

  /** Every page from the first, following next; or from the last, following prev. */
  async function walk(query: Record<string, string | number>, backward: boolean): Promise<Page['items']> {
    const seen: Page['items'] = [];
    let current = await page(query);
    if (backward) current = await page({ ...query, cursor: current.last });
    for (let pages = 1; ; pages++) {
      const items = current.items.map(({ id, name }) => ({ id, name }));
      if (backward) seen.unshift(...items);
      else seen.push(...items);
      const cursor = backward ? current.prev : current.next;
      if (cursor === null) return seen;
      // Each page holds at least one item, so there are never more pages than items.
      expect(pages).toBeLessThanOrEqual(seen.length);
      current = await page({ ...query, cursor });
    }
  }

  beforeAll(async () => {
    app = await createTestApp(database);
    sql = await connectAs(database);
  });

  afterAll(async () => {
    await sql.end();
    await app.close();
  });

  it('a search, walked forward and backward, returns every matching item exactly once, in name order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(text(6), { maxLength: 24, selector: (suffix) => suffix.trimEnd() }),
        text(2),
        fc.integer({ min: 1, max: 7 }),
        async (suffixes, searched, limit) => {
          // A prefix of its own per run, so that only this run's names can match.
          const prefix = `pbt${process.pid}r${++run}:`;
          const names = suffixes.map((suffix) => `${prefix}${suffix}`.trim());
          try {
            const { rows } = await sql.query<{ id: number; name: string }>(
              `INSERT INTO ${table} (name) SELECT unnest($1::text[]) RETURNING id, name`,
              [names],
            );
            const q = `${prefix}${searched}`.toUpperCase();
            const expected = rows
              .filter(({ name }) => name.toLowerCase().startsWith(q.trim().toLowerCase()))
              .sort((a, b) => Buffer.compare(lower(a.name), lower(b.name)) || a.id - b.id);

            expect(await walk({ q, limit }, false)).toEqual(expected);
            expect(await walk({ q, limit }, true)).toEqual(expected);
          } finally {
            await sql.query(`DELETE FROM ${table} WHERE name LIKE $1`, [`${prefix}%`]);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the list, walked forward and backward, returns every item exactly once, in id order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), async (limit) => {
        const { rows } = await sql.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`);
        const ids = rows.map(({ id }) => id);

        expect((await walk({ limit }, false)).map(({ id }) => id)).toEqual(ids);
        expect((await walk({ limit }, true)).map(({ id }) => id)).toEqual(ids);
      }),
      { numRuns: 10 },
    );
  });
});
