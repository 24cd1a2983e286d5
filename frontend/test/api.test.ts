import { describe, expect, it } from 'vitest';
import { ApiHttpError, ApiUnreachableError, fetchItems, fetchStatus } from '../src/api.js';
import { html, json, networkError, stubFetch } from './support.js';

const signal = () => new AbortController().signal;

describe('api', () => {
  it('rejects an abort as an abort, not as unreachable', async () => {
    stubFetch({ '/api/items': () => Promise.reject(new DOMException('aborted', 'AbortError')) });
    const controller = new AbortController();
    controller.abort();

    await expect(fetchItems(controller.signal)).rejects.toThrow(DOMException);
  });

  it('tells unreachable from an API error', async () => {
    stubFetch({ '/api/status': networkError, '/api/items': html('<h1>502</h1>', 502) });
    await expect(fetchStatus(signal())).rejects.toBeInstanceOf(ApiUnreachableError);
    await expect(fetchItems(signal())).rejects.toBeInstanceOf(ApiUnreachableError);

    stubFetch({ '/api/items': json({ message: 'Not Found' }, 404) });
    await expect(fetchItems(signal())).rejects.toEqual(expect.objectContaining({ status: 404, message: 'Not Found' }));
    await expect(fetchItems(signal())).rejects.toBeInstanceOf(ApiHttpError);
  });
});
