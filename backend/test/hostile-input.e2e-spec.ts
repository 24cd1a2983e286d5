import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import type { Client } from 'pg';
import request, { type Response } from 'supertest';
import { createTestApp } from './support/app';
import { connectAs } from './support/pg-client';
import { testDatabase } from './support/test-database';

// Key names a parser or a validator may treat specially, beside the item's own fields.
const KEYS = ['name', 'description', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id'];
// Text of every kind: lone surrogates, control characters, astral characters, combining marks.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\0', '\t', '\u0085', '\u200b', '\ud800', '\udfff', '🍎', 'e\u0301') }),
);
// Numbers as JSON text, out of every range JavaScript and PostgreSQL have.
const numberText = fc.constantFrom('-0', '1e400', '-1e400', '123456789012345678901234567890', '2147483648', '0.5');
const json = (value: unknown) => JSON.stringify(value);
// A JSON value as text, nested up to `depth` levels deep.
const valueText = (depth: number): fc.Arbitrary<string> =>
  fc.oneof(
    anyText.map(json),
    numberText,
    fc.jsonValue({ maxDepth: 2 }).map(json),
    fc.integer({ min: 1, max: depth }).map((d) => '['.repeat(d) + ']'.repeat(d)),
    fc.integer({ min: 1, max: depth }).map((d) => '{"a":'.repeat(d) + '0' + '}'.repeat(d)),
  );
// An object as text, written by hand so that keys may repeat and `__proto__` is an own key.
const bodyText = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), anyText), valueText(3000)), { maxLength: 4 })
    .map((entries) => `{${entries.map(([key, value]) => `${json(key)}:${value}`).join(',')}}`),
  valueText(6000),
  fc.string({ maxLength: 40 }),
);
// A query string or path segment: text percent-encoded as UTF-8, or raw bytes (invalid UTF-8 too).
const encoded = fc.oneof(
  anyText.filter((s) => !/\p{Cs}/u.test(s)).map(encodeURIComponent),
  fc
    .uint8Array({ maxLength: 12 })
    .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
  fc.constantFrom('-1', '0', '1', '1e3', '0x10', '99999999999', '%', '..', '%2e%2e', 'null', '[]'),
);
const queryText = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'q', 'cursor', 'offset', '__proto__'), encoded), encoded), {
    maxLength: 4,
  })
  .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));

describe('hostile input (property-based, real PostgreSQL): never a 5xx, and nothing changes without a 2xx', () => {
  const database = testDatabase().api;
  const table = `"${database.schema}".items`;
  let app: INestApplication;
  let sql: Client;
  let existing: number;

  // Every column of every row: any change, anywhere in the table, changes it.
  const snapshot = async () =>
    (
      await sql.query<{ s: string }>(
        `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY id), '')) AS s FROM ${table} t`,
      )
    ).rows[0].s;

  /** Sends the request; asserts its answer is a 2xx or a 4xx with the API's JSON error, and a refusal changed nothing. */
  async function expectHonest(send: () => Promise<Response>): Promise<Response> {
    const before = await snapshot();
    const response = await send();
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.body).toEqual(
        expect.objectContaining({
          statusCode: response.status,
          error: expect.any(String),
          message: expect.any(String),
        }),
      );
      expect(await snapshot()).toBe(before);
    }
    return response;
  }

  /** A stored item is exactly what the API answered. */
  async function expectStoredAsAnswered(response: Response): Promise<void> {
    if (response.status !== 200 && response.status !== 201) return;
    const { id, name, description } = response.body as { id: number; name: string; description: string | null };
    const { rows } = await sql.query(`SELECT name, description FROM ${table} WHERE id = $1`, [id]);
    expect(rows).toEqual([{ name, description }]);
  }

  const post = (path: string, body: string, method: 'post' | 'patch' = 'post') =>
    request(app.getHttpServer())[method](path).set('Content-Type', 'application/json').send(body);

  beforeAll(async () => {
    app = await createTestApp(database);
    sql = await connectAs(database);
    existing = (
      await request(app.getHttpServer())
        .post('/items')
        .send({ name: `hostile target ${process.pid}` })
        .expect(201)
    ).body.id as number;
  });

  afterAll(async () => {
    await sql.end();
    await app.close();
  });

  it('POST /items and PATCH /items/:id, any body up to the limit', async () => {
    await fc.assert(
      fc.asyncProperty(bodyText, fc.boolean(), async (body, patch) => {
        const response = await expectHonest(() =>
          post(patch ? `/items/${existing}` : '/items', body, patch ? 'patch' : 'post'),
        );
        await expectStoredAsAnswered(response);
      }),
      { numRuns: 400 },
    );
  });

  it('GET /items, any query string', async () => {
    await fc.assert(
      fc.asyncProperty(queryText, async (query) => {
        await expectHonest(() => request(app.getHttpServer()).get(`/items?${query}`));
      }),
      { numRuns: 300 },
    );
  });

  /** The id as sent, except one that reads as an id (after percent-decoding): this test's own item, so
   * that other tests' items, which share the table, stay as they are. */
  const ownIfValid = (id: string) => {
    let decoded = id;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      // not valid percent-encoding: sent as it is
    }
    return /^\d+$/.test(decoded) ? String(existing) : id;
  };

  it('GET, PATCH and DELETE /items/:id, any id', async () => {
    await fc.assert(
      fc.asyncProperty(
        encoded.map(ownIfValid),
        fc.constantFrom<'get' | 'patch' | 'delete'>('get', 'patch', 'delete'),
        async (id, method) => {
          await expectHonest(() =>
            method === 'patch'
              ? post(`/items/${id}`, '{"description":"x"}', 'patch')
              : request(app.getHttpServer())[method](`/items/${id}`),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('the shapes that got a 5xx or were stored', () => {
    it('a body nested deeper than 32 levels is a 400, at any depth up to the size limit', async () => {
      for (const depth of [33, 1000, 8000]) {
        const response = await expectHonest(() => post('/items', `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`));
        expect(response.status).toBe(400);
        expect(response.body.message).toBe('request body is nested deeper than 32 levels');
      }
    });

    it('a __proto__ key or constructor.prototype is refused by name', async () => {
      for (const body of ['{"name":"p","__proto__":{"admin":true}}', '{"name":"c","constructor":{"prototype":{}}}']) {
        const response = await expectHonest(() => post('/items', body));
        expect(response.status).toBe(400);
        expect(response.body.message).toBe('request body must not contain a __proto__ key or constructor.prototype');
      }
    });

    it.each(['__proto__', 'constructor', 'prototype', 'toString'])(
      'a body with the key %s is a 400, nothing stored',
      async (key) => {
        const response = await expectHonest(() =>
          post('/items', `{"name":"proto ${process.pid} ${key}",${json(key)}:{"x":1}}`),
        );
        expect(response.status).toBe(400);
      },
    );

    it('a name or description that is not well-formed Unicode (a lone surrogate) is a 400', async () => {
      for (const body of [`{"name":"lone \\ud800"}`, `{"name":"ok ${process.pid}","description":"lone \\udfff"}`]) {
        const response = await expectHonest(() => post('/items', body));
        expect(response.status).toBe(400);
        expect(response.body.message).toMatch(/must be well-formed Unicode/);
      }
    });

    it('a repeated key counts once, as its last value, and that is what is stored', async () => {
      const name = `last ${process.pid}`;
      const response = await expectHonest(() => post('/items', `{"name":"first","name":${json(name)}}`));
      expect(response.status).toBe(201);
      expect(response.body.name).toBe(name);
      await expectStoredAsAnswered(response);
    });
  });
});
