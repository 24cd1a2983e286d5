import { STATUS_CODES } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import { createTestApp } from './support/app';
import { itemsTableSnapshot } from './support/pg-client';
import { testDatabase } from './support/test-database';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SAMPLE_NAMES = ['Getting started', 'Hardened by default'];
const NAME_CHARACTERS = 'name must not contain control characters or bidirectional overrides';

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
    type Page = {
      items: Array<Record<string, unknown>>;
      limit: number;
      next: string | null;
      prev: string | null;
      last: string;
    };
    const page = async (query: Record<string, string | number> = {}) =>
      (await api().get('/items').query(query).expect(200).expect('Content-Type', /json/)).body as Page;
    const namesOf = ({ items }: Page) => items.map(({ name }) => name as string);
    const idsOf = ({ items }: Page) => items.map(({ id }) => id as number);

    it('returns the first page: default limit 20, in id order, the sample items first, no total', async () => {
      const first = await page();

      expect(Object.keys(first).sort()).toEqual(['items', 'last', 'limit', 'next', 'prev']);
      expect(first.limit).toBe(20);
      expect(first.prev).toBeNull();
      expect(namesOf(first).slice(0, 2)).toEqual(SAMPLE_NAMES);
      for (const item of first.items) {
        expect(item).toEqual({
          id: expect.any(Number),
          name: expect.any(String),
          description: item.description === null ? null : expect.any(String),
          createdAt: expect.stringMatching(ISO_DATE),
          updatedAt: expect.stringMatching(ISO_DATE),
        });
      }
      const ids = idsOf(first);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    });

    it('pages forward with next and back with prev; next is null on the last page, prev on the first', async () => {
      await Promise.all([createItem(), createItem(), createItem()]);
      const all: number[] = [];
      for (let p = await page({ limit: 100 }); ; p = await page({ limit: 100, cursor: p.next })) {
        all.push(...idsOf(p));
        if (!p.next) break;
      }

      const first = await page({ limit: 2 });
      const second = await page({ limit: 2, cursor: first.next! });
      expect(idsOf(first)).toEqual(all.slice(0, 2));
      expect(idsOf(second)).toEqual(all.slice(2, 4));
      expect(idsOf(await page({ limit: 2, cursor: second.prev! }))).toEqual(all.slice(0, 2));

      const last = await page({ limit: 2, cursor: first.last });
      expect(idsOf(last)).toEqual(all.slice(-2));
      expect(last.next).toBeNull();
      expect(idsOf(await page({ limit: 2, cursor: last.prev! }))).toEqual(all.slice(-4, -2));
    });

    it('keeps its place when items are added and deleted around the cursor', async () => {
      const [a, b, c] = [await createItem(), await createItem(), await createItem()];
      const first = await page({ limit: 1, cursor: (await page({ limit: 1, cursor: (await page()).last })).prev! });
      expect(idsOf(first)).toEqual([b.id]);

      await api()
        .delete(`/items/${b.id as number}`)
        .expect(204);
      const added = await createItem();

      expect(idsOf(await page({ limit: 5, cursor: first.next! }))).toEqual([c.id, added.id]);
      expect(idsOf(await page({ limit: 1, cursor: first.prev! }))).toEqual([a.id]);
    });

    it('past the end, points back to the last page; before the start, answers the first page', async () => {
      const created = await createItem();
      const afterIt = (await page({ limit: 1, cursor: (await page({ limit: 1 })).last })).next;
      expect(afterIt).toBeNull();
      const tail = await page({ limit: 1, cursor: (await page({ limit: 1 })).last });
      expect(idsOf(tail)).toEqual([created.id]);
      const beforeIt = await page({ limit: 1, cursor: tail.prev! });
      await api()
        .delete(`/items/${created.id as number}`)
        .expect(204);

      const beyond = await page({ limit: 1, cursor: beforeIt.next! });
      expect(beyond).toEqual({ items: [], limit: 1, next: null, prev: beyond.last, last: beyond.last });

      // Nothing precedes the first item: a cursor before it answers the first page.
      const first = await page({ limit: 1 });
      const atStart = await page({ limit: 1, cursor: (await page({ limit: 1, cursor: first.next! })).prev! });
      expect(atStart).toEqual(first);
    });

    describe('q: search by the start of the name, ignoring case', () => {
      const prefix = `Search ${process.pid}`;
      const names = ['apple', 'Banana', 'avocado', 'APRICOT', 'blueberry', 'apple pie', '100% juice', '_x'];
      const ids = new Map<string, number>();

      beforeAll(async () => {
        for (const name of names) ids.set(name, (await createItem({ name: `${prefix} ${name}` })).id as number);
      });

      it('finds the names that start with q in any case, in name order (ignoring case), then id', async () => {
        const found = await page({ q: `${prefix.toLowerCase()} a` });

        expect(namesOf(found)).toEqual(['apple', 'apple pie', 'APRICOT', 'avocado'].map((n) => `${prefix} ${n}`));
        expect(namesOf(await page({ q: `  ${prefix.toUpperCase()} B ` }))).toEqual(
          ['Banana', 'blueberry'].map((n) => `${prefix} ${n}`),
        );
      });

      it('ignores case beyond ASCII', async () => {
        const name = `${prefix} Élan ñandú`;
        await createItem({ name });

        expect(namesOf(await page({ q: `${prefix} élan Ñ` }))).toEqual([name]);
      });

      it('takes q literally: % and _ are characters, not wildcards', async () => {
        expect(namesOf(await page({ q: `${prefix} 100%` }))).toEqual([`${prefix} 100% juice`]);
        expect(namesOf(await page({ q: `${prefix} _` }))).toEqual([`${prefix} _x`]);
        expect(namesOf(await page({ q: `${prefix} %` }))).toEqual([]);
      });

      it('pages a search with its own cursors, forward and back', async () => {
        const q = `${prefix} a`;
        const first = await page({ q, limit: 3 });
        const second = await page({ q, limit: 3, cursor: first.next! });

        expect(namesOf(second)).toEqual([`${prefix} avocado`]);
        expect(second.next).toBeNull();
        expect(await page({ q, limit: 3, cursor: second.prev! })).toEqual(first);
        expect(namesOf(await page({ q, limit: 3, cursor: first.last }))).toEqual(
          ['apple pie', 'APRICOT', 'avocado'].map((n) => `${prefix} ${n}`),
        );
      });

      it('answers an empty page when nothing matches, and a blank q lists everything', async () => {
        expect(await page({ q: `${prefix} zzz` })).toEqual({
          items: [],
          limit: 20,
          next: null,
          prev: null,
          last: expect.any(String),
        });
        expect(idsOf(await page({ q: '   ', limit: 2 }))).toEqual(idsOf(await page({ limit: 2 })));
      });
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
      ['q=a&q=b', 'q'],
      [`q=${'q'.repeat(101)}`, 'q'],
      ['q=a%0Ab', 'q'],
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

    it('tells clients of offset paging what replaced it', async () => {
      const response = await api().get('/items?limit=20&offset=0');

      expectError(response, 400, {
        offset: ['offset is no longer supported: page with cursor (next and prev of each page)'],
      });
    });

    describe('answers 400 for a cursor it did not write', () => {
      const base64url = (json: string) => Buffer.from(json).toString('base64url');
      let next: string;
      let searchNext: string;

      beforeAll(async () => {
        await Promise.all([createItem(), createItem()]);
        next = (await page({ limit: 1 })).next!;
        searchNext = (await page({ limit: 1, q: 'item' })).next!;
      });

      it.each([
        ['not base64url', () => '%%%'],
        ['cut short', () => next.slice(0, -2)],
        ['a character changed', () => `${next.slice(0, -1)}${next.endsWith('A') ? 'B' : 'A'}`],
        ['padded', () => `${next}==`],
        ['JSON of another shape', () => base64url('{"after":1}')],
        ['an id out of range', () => base64url('["a",2147483648]')],
        ['another spelling of a valid cursor', () => base64url('[ "a",1]')],
        ['longer than any cursor', () => 'A'.repeat(1025)],
        ["a search's cursor without its q", () => searchNext],
      ])('%s', async (_, cursor) => {
        const before = await itemsTableSnapshot(database);

        const response = await api().get('/items').query({ cursor: cursor() });

        expectError(response, 400, {
          cursor: ['cursor must be the next, prev or last of a page of this listing (with the same q)'],
        });
        expect(await itemsTableSnapshot(database)).toEqual(before);
      });

      it("the list's cursor with a q", async () => {
        expectError(await api().get('/items').query({ q: 'item', cursor: next }), 400, {
          cursor: [expect.any(String)],
        });
      });
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
      ['a name with a newline', { name: 'two\nlines' }, { name: [NAME_CHARACTERS] }],
      ['a name with NUL', { name: 'nul\u0000' }, { name: [NAME_CHARACTERS] }],
      ['a name with a right-to-left override', { name: 'invoice\u202Egpj.exe' }, { name: [NAME_CHARACTERS] }],
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
