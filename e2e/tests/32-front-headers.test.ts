import { expectSecurityHeaders } from '../src/front';
import { eventually, postJson, request } from '../src/stack';

// What nginx answers, page and API alike, with the security headers on every response. The 502
// (API stopped) is checked in 80-front-api-down.test.ts.
let script: string;

beforeAll(async () => {
  const html = await (await request('/')).text();
  script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
  expect(script).not.toBe('');
});

test.each([
  ['/', 200, 'text/html'],
  ['/items/42', 200, 'text/html'],
  ['/assets/nope.js', 404, 'text/html'],
  ['/api/status', 200, 'application/json'],
  ['/api/nope', 404, 'application/json'],
  ['/api/metrics', 404, 'application/json'],
  ['/api/Metrics/', 404, 'application/json'],
])('%s answers %i (%s) with the security headers', async (path, status, type) => {
  const response = await request(path);
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain(type);
  expectSecurityHeaders(response.headers);
});

test('hashed assets are cached for a year, immutable and gzipped; index.html is never cached', async () => {
  const asset = await request(script, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(asset.headers.get('content-encoding')).toBe('gzip');
  expectSecurityHeaders(asset.headers);
  for (const path of ['/', '/index.html', '/items/42']) {
    expect((await request(path)).headers.get('cache-control')).toBe('no-store');
  }
  expect((await request('/assets/nope.js')).headers.get('cache-control')).toBeNull();
});

test("the API's 404 is the API's JSON, not the page (no SPA fallback under /api/)", async () => {
  const response = await request('/api/items/2147483000');
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
});

test('the API metrics are not reachable through nginx', async () => {
  const body = await (await request('/api/metrics')).json();
  expect(body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
});

test('a body over the limit is refused by nginx: 413 JSON with the security headers', async () => {
  const response = await postJson('/api/items', { name: 'too large', description: 'x'.repeat(32 * 1024) });
  expect(response.status).toBe(413);
  expect(await response.json()).toMatchObject({ statusCode: 413, message: 'Request body too large' });
  expectSecurityHeaders(response.headers);
});

const bucketDrained = () => new Promise((resolve) => setTimeout(resolve, 2_500)); // 40 at 20/s, and a margin

test('a burst from one client is rate limited: 429 JSON with the security headers', async () => {
  // The tests before sent requests too: the burst must find the whole allowance of 40 free.
  await bucketDrained();
  try {
    const burst = Array.from({ length: 120 }, async () => {
      const response = await request('/api/nope');
      return { status: response.status, headers: response.headers, body: await response.text() };
    });
    const responses = await Promise.all(burst);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(responses.filter((r) => r.status === 404).length).toBeGreaterThanOrEqual(40);
    expect(JSON.parse(limited[0].body)).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expectSecurityHeaders(limited[0].headers);
  } finally {
    // The next tests start with the bucket refilled (20 requests/s).
    await eventually(
      'the rate limit to let requests through again',
      async () => (await request('/api/status')).status === 200,
      10_000,
    );
    await bucketDrained();
  }
});
