import { describe, expect, it } from 'vitest';
import { apiMessages, fakeApi, item } from './support.js';

// The same requests and answers as the API's own tests (backend/test/items.e2e-spec.ts), so the
// components meet the real API's limits and messages.
const send = (method: string, path: string, body?: unknown) =>
  fakeApi([item(1, 'Backups', 'Nightly')]).handler(
    new Request(new URL(`/api${path}`, location.href), {
      method,
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );

const base64url = (json: string) => btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const nameLength = 'name must be 1 to 100 characters long (after trimming spaces)';
const descriptionLength = 'description must be at most 1000 characters long';

describe('fakeApi', () => {
  it.each([
    ['POST, no name', 'POST', '/items', {}, { name: ['name is required'] }],
    ['POST, a null name', 'POST', '/items', { name: null }, { name: ['name must be a string'] }],
    ['POST, a blank name', 'POST', '/items', { name: '   ' }, { name: [nameLength] }],
    ['POST, a name of 101 characters', 'POST', '/items', { name: 'n'.repeat(101) }, { name: [nameLength] }],
    [
      'POST, a name with a newline',
      'POST',
      '/items',
      { name: 'a\nb' },
      { name: ['name must not contain control characters or bidirectional overrides'] },
    ],
    [
      'POST, a description of 1,001 characters',
      'POST',
      '/items',
      { name: 'ok', description: 'd'.repeat(1001) },
      { description: [descriptionLength] },
    ],
    [
      'POST, 1,001 code points with variation selectors',
      'POST',
      '/items',
      { name: 'ok', description: `${'❤️'.repeat(500)}x` },
      { description: [descriptionLength] },
    ],
    [
      'POST, a number as description',
      'POST',
      '/items',
      { name: 'ok', description: 7 },
      { description: ['description must be a string or null'] },
    ],
    [
      'POST, a description with NUL',
      'POST',
      '/items',
      { name: 'ok', description: 'a\u0000b' },
      { description: ['description must not contain NUL characters'] },
    ],
    ['PATCH, an empty body', 'PATCH', '/items/1', {}, { name: ['send a name or a description to change'] }],
    ['PATCH, a blank name', 'PATCH', '/items/1', { name: ' ', description: 'x' }, { name: [nameLength] }],
    ['GET, a page of 101', 'GET', '/items?limit=101', undefined, { limit: ['limit must be an integer from 1 to 100'] }],
    ['GET, q of 101 characters', 'GET', `/items?q=${'q'.repeat(101)}`, undefined, { q: [apiMessages.q] }],
    [
      'GET, a cursor it did not write',
      'GET',
      '/items?cursor=WyJhIiwxXQ%3D%3D',
      undefined,
      { cursor: [apiMessages.cursor] },
    ],
    [
      "GET, a search's cursor without q",
      'GET',
      `/items?cursor=${base64url('["a",1,"x"]')}`,
      undefined,
      { cursor: [apiMessages.cursor] },
    ],
    ['GET, an offset', 'GET', '/items?offset=0', undefined, { offset: [apiMessages.offset] }],
  ])('answers 400 for %s, naming each field', async (_, method, path, body, fields) => {
    const response = await send(method, path, body);

    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: Object.values(fields).flat().join('; '),
      fields,
    });
  });

  it.each([
    ['POST', '/items', { name: ' Backups ' }, 409, 'an item named "Backups" already exists'],
    ['PATCH', '/items/7', { name: 'x' }, 404, 'item 7 not found'],
    ['DELETE', '/items/7', undefined, 404, 'item 7 not found'],
  ])('answers %s %s %j with a %i', async (method, path, body, status, message) => {
    const response = await send(method, path, body);

    expect(response.status).toBe(status);
    await expect(response.json()).resolves.toMatchObject({ statusCode: status, message });
  });

  it('trims and normalises names, and stores an empty description as null', async () => {
    const response = await send('POST', '/items', { name: ' Cafe\u0301 ', description: '' });

    expect(response.status).toBe(201);
    await expect(response.json()).resolves.toMatchObject({ id: 2, name: 'Café', description: null });
  });

  it('pages like the API: cursors forward and back, the last page, a search in name order', async () => {
    const api = fakeApi(Array.from({ length: 5 }, (_, i) => item(i + 1, ['b', 'A', 'c', 'a2', 'B'][i])));
    const get = async (query: string) =>
      (await (await api.handler(new Request(new URL(`/api/items?${query}`, location.href)))).json()) as {
        items: { id: number; name: string }[];
        next: string | null;
        prev: string | null;
        last: string;
      };
    const ids = (page: { items: { id: number }[] }) => page.items.map(({ id }) => id);

    const first = await get('limit=2');
    expect([ids(first), first.prev]).toEqual([[1, 2], null]);
    const second = await get(`limit=2&cursor=${first.next}`);
    expect(ids(second)).toEqual([3, 4]);
    expect(ids(await get(`limit=2&cursor=${second.prev}`))).toEqual([1, 2]);
    const last = await get(`limit=2&cursor=${first.last}`);
    expect([ids(last), last.next]).toEqual([[4, 5], null]);
    expect(first.last).toBe(base64url('["b"]'));

    const found = await get('q=A&limit=2');
    expect(found.items.map(({ name }) => name)).toEqual(['A', 'a2']);
    expect(found.next).toBeNull();
  });
});
