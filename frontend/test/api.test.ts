import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiHttpError,
  ApiUnreachableError,
  createItem,
  deleteItem,
  describeError,
  fetchItems,
  fetchStatus,
  updateItem,
} from '../src/api.js';
import { badGateway, html, json, networkError, never, requests, stubFetch } from './support.js';

const signal = () => new AbortController().signal;

afterEach(() => vi.restoreAllMocks());

describe('api', () => {
  it('rejects an abort as an abort, not as unreachable', async () => {
    stubFetch({ '/api/items': never });
    const controller = new AbortController();
    const pending = fetchItems({ limit: 20 }, controller.signal);
    controller.abort();

    await expect(pending).rejects.toHaveProperty('name', 'AbortError');
  });

  it('tells "no answer from the API" apart from an API error', async () => {
    stubFetch({ '/api/status': networkError, '/api/items': badGateway });
    await expect(fetchStatus(signal())).rejects.toThrow(new ApiUnreachableError('API unreachable'));
    await expect(fetchItems({ limit: 20 }, signal())).rejects.toThrow(
      new ApiUnreachableError('API unreachable (HTTP 502)'),
    );

    stubFetch({ '/api/items': html('<h1>Welcome</h1>', 200) });
    await expect(fetchItems({ limit: 20 }, signal())).rejects.toThrow(
      new ApiUnreachableError('No answer from the API (HTTP 200)'),
    );

    stubFetch({
      '/api/items': json({ statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' }, 503),
    });
    const error = await fetchItems({ limit: 20 }, signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiHttpError);
    expect(describeError(error)).toBe('database unavailable (HTTP 503)');
  });

  it('gives up on a request that hangs, as unreachable', async () => {
    vi.spyOn(AbortSignal, 'timeout').mockReturnValue(AbortSignal.abort(new DOMException('timed out', 'TimeoutError')));
    stubFetch({ '/api/status': never });

    await expect(fetchStatus(signal())).rejects.toThrow(new ApiUnreachableError('API did not answer in time'));
  });

  it('reads a 503 health report as an answer', async () => {
    const report = { status: 'error', details: { database: { status: 'down' } } };
    stubFetch({ '/api/status': json(report, 503) });

    await expect(fetchStatus(signal())).resolves.toEqual(report);
  });

  it('asks for one page of items: the search and the cursor only when there are some, encoded', async () => {
    const page = { items: [], limit: 5, next: null, prev: null, last: 'WyJiIl0' };
    const fetchMock = stubFetch({ '/api/items': json(page) });

    await expect(fetchItems({ limit: 5 }, signal())).resolves.toEqual(page);
    await fetchItems({ limit: 5, q: 'café & tea', cursor: 'WyJhIiwxXQ' }, signal());
    expect(requests(fetchMock).map(({ url }) => url)).toEqual([
      '/api/items?limit=5',
      '/api/items?limit=5&q=caf%C3%A9+%26+tea&cursor=WyJhIiwxXQ',
    ]);
  });

  it('sends JSON for create and update, and reads 204 for delete', async () => {
    const saved = { id: 3, name: 'n', description: null, createdAt: '', updatedAt: '' };
    const fetchMock = stubFetch({
      'POST /api/items': json(saved, 201),
      'PATCH /api/items/3': json(saved),
      'DELETE /api/items/3': () => new Response(null, { status: 204 }),
    });

    await expect(createItem({ name: 'n' })).resolves.toEqual(saved);
    await expect(updateItem(3, { description: null })).resolves.toEqual(saved);
    await expect(deleteItem(3)).resolves.toBeUndefined();
    expect(requests(fetchMock).map(({ method, url, body }) => [method, url, body])).toEqual([
      ['POST', '/api/items', { name: 'n' }],
      ['PATCH', '/api/items/3', { description: null }],
      ['DELETE', '/api/items/3', undefined],
    ]);
    expect(new Headers(fetchMock.mock.calls[0][1]?.headers).get('Content-Type')).toBe('application/json');
  });

  it("keeps the API's validation messages by field", async () => {
    const tooLong = 'name must be 1 to 100 characters long (after trimming spaces)';
    stubFetch({
      'POST /api/items': json(
        { statusCode: 400, error: 'Bad Request', message: tooLong, fields: { name: [tooLong] } },
        400,
      ),
    });

    const error = await createItem({ name: '' }).catch((e: unknown) => e);
    expect(error).toEqual(expect.objectContaining({ status: 400, message: tooLong, fields: { name: [tooLong] } }));
  });
});
