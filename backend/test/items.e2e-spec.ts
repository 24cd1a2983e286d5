import { STATUS_CODES } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import { createTestApp } from './support/app';
import { itemsTableSnapshot } from './support/pg-client';
import { testDatabase } from './support/test-database';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SAMPLE_NAMES = ['Getting started', 'Hardened by default'];

/** The API's error body: exactly these keys, the status's own reason phrase, never a stack. */
function expectError(response: Response, status: number, fields?: Record<string, unknown>): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({
    statusCode: status,
    error: STATUS_CODES[status],
    message: expect.any(String),
    ...(fields && { fields }),
  });
  expect(response.body.message).not.toMatch(/\n\s+at |SELECT|INSERT|UPDATE|DELETE/);
}

describe('items API on a real PostgreSQL, as the least-privilege API role', () => {
  const database = testDatabase().api;
  let app: INestApplication;
  const api = () => request(app.getHttpServer());
  // Unique per run, so names never collide with another test's.
  let counter = 0;
  const uniqueName = (label: string) => `${label} ${process.pid}-${++counter}`;
  const createItem = async (body: Record<string, unknown> = {}) =>
    (
      await api()
        .post('/items')
        .send({ name: uniqueName('item'), ...body })
        .expect(201)
    ).body as Record<string, unknown>;

  beforeAll(async () => {
    app = await createTestApp(database);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('GET /items', () => {
    it('returns the first page: default limit 20, offset 0, in id order, the sample items first', async () => {
      const response = await api().get('/items').expect(200).expect('Content-Type', /json/);

      const { items, total, limit, offset } = response.body as {
        items: Array<Record<string, unknown>>;
        total: number;
        limit: number;
        offset: number;
      };
      expect(Object.keys(response.body as object).sort()).toEqual(['items', 'limit', 'offset', 'total']);
      expect({ limit, offset }).toEqual({ limit: 20, offset: 0 });
      expect(items.slice(0, 2).map(({ name }) => name)).toEqual(SAMPLE_NAMES);
      expect(total).toBeGreaterThanOrEqual(items.length);
      for (const item of items) {
        expect(item).toEqual({
          id: expect.any(Number),
          name: expect.any(String),
          description: item.description === null ? null : expect.any(String),
          createdAt: expect.stringMatching(ISO_DATE),
          updatedAt: expect.stringMatching(ISO_DATE),
        });
      }
      const ids = items.map(({ id }) => id as number);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    });

    it('pages with limit and offset, and counts every item in total', async () => {
      await Promise.all([createItem(), createItem(), createItem()]);
      const all = (await api().get('/items?limit=100').expect(200)).body as {
        items: Array<{ id: number }>;
        total: number;
      };

      const page = await api().get('/items').query({ limit: 2, offset: 1 }).expect(200);

      expect(page.body).toEqual({ items: all.items.slice(1, 3), total: all.total, limit: 2, offset: 1 });
      const beyond = await api().get(`/items?offset=${all.total}`).expect(200);
      expect(beyond.body).toEqual({ items: [], total: all.total, limit: 20, offset: all.total });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=', 'limit'],
      ['limit=1e1', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=2147483648', 'offset'],
      ['page=2', 'page'],
    ])('answers 400 naming the field for ?%s', async (query, field) => {
      const response = await api().get(`/items?${query}`);

      expectError(response, 400, { [field]: [expect.any(String)] });
    });

    it('explains the bounds of limit', async () => {
      const response = await api().get('/items?limit=500');

      expect(response.body.fields).toEqual({ limit: ['limit must be an integer from 1 to 100'] });
      expect(response.body.message).toBe('limit must be an integer from 1 to 100');
    });
  });

  describe('GET /items/:id', () => {
    it('returns the item', async () => {
      const created = await createItem({ description: 'to read back' });

      const response = await api().get(`/items/${created.id}`).expect(200);

      expect(response.body).toEqual(created);
    });

    it('answers 404 when there is no such item', async () => {
      const response = await api().get('/items/2147483647');

      expectError(response, 404);
      expect(response.body.message).toBe('item 2147483647 not found');
    });

    it.each(['abc', '0', '-1', '1.5', '2147483648', '1e3', ' 1'])('answers 400 for the id "%s"', async (id) => {
      const response = await api().get(`/items/${encodeURIComponent(id)}`);

      expectError(response, 400, { id: ['id must be an integer from 1 to 2147483647'] });
    });
  });

  describe('POST /items', () => {
    it('creates the item: 201, Location, the name trimmed, no description as null', async () => {
      const name = uniqueName('created');

      const response = await api()
        .post('/items')
        .send({ name: `  ${name}\u00a0 ` })
        .expect(201);

      const item = response.body as Record<string, unknown>;
      expect(item).toEqual({
        id: expect.any(Number),
        name,
        description: null,
        createdAt: expect.stringMatching(ISO_DATE),
        updatedAt: item.createdAt,
      });
      expect(response.headers.location).toBe(`/items/${item.id}`);
      expect((await api().get(`/items/${item.id}`).expect(200)).body).toEqual(item);
    });

    it.each([
      ['an empty description as null', '', null],
      ['a blank description as null', '  \n ', null],
      ['a null description as null', null, null],
      ['a description without the spaces around it', '  some text\n', 'some text'],
    ])('stores %s', async (_, description, stored) => {
      expect((await createItem({ description })).description).toBe(stored);
    });

    it('accepts the longest name and description, counted in characters as PostgreSQL does', async () => {
      // 100 and 1,000 characters: more UTF-16 code units than that, and variation selectors.
      const name = [...`${uniqueName('long')}${'🍎'.repeat(100)}`].slice(0, 100).join('');
      const description = '❤️'.repeat(500);

      const item = await createItem({ name, description });

      expect(item).toMatchObject({ name, description });
    });

    it('treats names as case-sensitive and compares them after trimming and NFC normalisation', async () => {
      const name = uniqueName('Café');
      await api().post('/items').send({ name }).expect(201);

      await api().post('/items').send({ name: name.toUpperCase() }).expect(201);
      expectError(
        await api()
          .post('/items')
          .send({ name: ` ${name.normalize('NFD')} ` }),
        409,
      );
    });

    it('answers 409 for a duplicate name and stores nothing', async () => {
      const before = await itemsTableSnapshot(database);

      const response = await api().post('/items').send({ name: 'Getting started', description: 'again' });

      expectError(response, 409);
      expect(response.body.message).toBe('an item named "Getting started" already exists');
      expect(await itemsTableSnapshot(database)).toEqual(before);
    });

    it.each([
      ['no name', {}, { name: ['name is required'] }],
      ['a null name', { name: null }, { name: ['name must be a string'] }],
      ['a number as name', { name: 42 }, { name: ['name must be a string'] }],
      ['an empty name', { name: '' }, { name: ['name must be 1 to 100 characters long (after trimming spaces)'] }],
      ['a blank name', { name: '   ' }, { name: ['name must be 1 to 100 characters long (after trimming spaces)'] }],
      [
        'a name of 101 characters',
        { name: 'n'.repeat(101) },
        { name: ['name must be 1 to 100 characters long (after trimming spaces)'] },
      ],
      ['a name with a newline', { name: 'two\nlines' }, { name: ['name must not contain control characters'] }],
      ['a name with NUL', { name: 'nul\u0000' }, { name: ['name must not contain control characters'] }],
      [
        'a description of 1,001 characters',
        { name: 'ok', description: 'd'.repeat(1001) },
        { description: ['description must be at most 1000 characters long'] },
      ],
      // 1,001 code points, which the column refuses, though class-validator's Length would count 501.
      [
        'a description of 1,001 characters with variation selectors',
        { name: 'ok', description: `${'❤️'.repeat(500)}x` },
        { description: ['description must be at most 1000 characters long'] },
      ],
      [
        'a number as description',
        { name: 'ok', description: 7 },
        { description: ['description must be a string or null'] },
      ],
      [
        'a description with NUL',
        { name: 'ok', description: 'a\u0000b' },
        { description: ['description must not contain NUL characters'] },
      ],
      ['an unknown field', { name: 'ok', id: 7 }, { id: ['property id should not exist'] }],
      ['two problems', { name: '', colour: 'red' }, { name: [expect.any(String)], colour: [expect.any(String)] }],
    ])('answers 400 for %s, naming each field, and stores nothing', async (_, body, fields) => {
      const before = await itemsTableSnapshot(database);

      const response = await api().post('/items').send(body);

      expectError(response, 400, fields);
      expect(await itemsTableSnapshot(database)).toEqual(before);
    });

    it.each([
      ['malformed JSON', 'application/json', '{"name": "x"', 400],
      ['a JSON string', 'application/json', '"name"', 400],
      ['a JSON array', 'application/json', '[{"name": "x"}]', 400],
      ['text', 'text/plain', '{"name": "x"}', 415],
      ['a form', 'application/x-www-form-urlencoded', 'name=x', 415],
      ['JSON in another charset', 'application/json; charset=latin1', '{"name": "x"}', 415],
      [
        'a body over 16 kB',
        'application/json',
        JSON.stringify({ name: 'big', description: 'd'.repeat(16 * 1024) }),
        413,
      ],
    ])('answers with a JSON error for %s and stores nothing', async (_, contentType, body, status) => {
      const before = await itemsTableSnapshot(database);

      const response = await api().post('/items').set('Content-Type', contentType).send(body);

      expectError(response, status);
      expect(await itemsTableSnapshot(database)).toEqual(before);
    });

    it('answers 415 when there is no Content-Type at all, or a compressed body', async () => {
      expectError(await api().post('/items'), 415);
      expectError(
        await api().post('/items').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}'),
        415,
      );
    });
  });

  describe('PATCH /items/:id', () => {
    it('changes the name only, keeping the description, and moves updatedAt', async () => {
      const created = await createItem({ description: 'kept' });
      const name = uniqueName('renamed');

      const response = await api()
        .patch(`/items/${created.id}`)
        .send({ name: ` ${name} ` })
        .expect(200);

      expect(response.body).toEqual({ ...created, name, updatedAt: expect.stringMatching(ISO_DATE) });
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt as string));
      expect((await api().get(`/items/${created.id}`).expect(200)).body).toEqual(response.body);
    });

    it('changes the description only, and null clears it', async () => {
      const created = await createItem({ description: 'first' });

      const changed = await api().patch(`/items/${created.id}`).send({ description: 'second' }).expect(200);
      expect(changed.body).toMatchObject({ name: created.name, description: 'second' });

      const cleared = await api().patch(`/items/${created.id}`).send({ description: null }).expect(200);
      expect(cleared.body).toMatchObject({ name: created.name, description: null });
    });

    it('answers 404 when there is no such item', async () => {
      expectError(
        await api()
          .patch('/items/2147483647')
          .send({ name: uniqueName('ghost') }),
        404,
      );
    });

    it('answers 409 when renaming to a name in use, and changes nothing', async () => {
      const created = await createItem();
      const before = await itemsTableSnapshot(database);

      expectError(await api().patch(`/items/${created.id}`).send({ name: 'Hardened by default' }), 409);
      expect(await itemsTableSnapshot(database)).toEqual(before);
    });

    it.each([
      ['an empty body', {}, { name: ['send a name or a description to change'] }],
      ['a null name', { name: null }, { name: ['name must be a string'] }],
      ['a blank name', { name: ' ', description: 'x' }, { name: [expect.any(String)] }],
      ['an unknown field', { done: true }, { done: ['property done should not exist'], name: [expect.any(String)] }],
    ])('answers 400 for %s and changes nothing', async (_, body, fields) => {
      const created = await createItem();
      const before = await itemsTableSnapshot(database);

      expectError(await api().patch(`/items/${created.id}`).send(body), 400, fields);
      expect(await itemsTableSnapshot(database)).toEqual(before);
    });

    it('answers 400 for a bad id and 415 for a body that is not JSON', async () => {
      expectError(await api().patch('/items/x').send({ name: 'x' }), 400, { id: [expect.any(String)] });
      expectError(await api().patch('/items/1').set('Content-Type', 'text/plain').send('name=x'), 415);
    });
  });

  describe('DELETE /items/:id', () => {
    it('deletes the item: 204 without a body, then 404', async () => {
      const created = await createItem();

      const response = await api().delete(`/items/${created.id}`).expect(204);

      expect(response.text).toBe('');
      expectError(await api().get(`/items/${created.id}`), 404);
      expectError(await api().delete(`/items/${created.id}`), 404);
    });

    it('answers 400 for a bad id', async () => {
      expectError(await api().delete('/items/0'), 400, { id: [expect.any(String)] });
    });
  });
});
