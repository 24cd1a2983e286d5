import { docker, nameOf, projectContainers, serviceOf } from '../src/docker';
import { eventually, postJson, psql, request } from '../src/stack';

// The database frozen (`docker pause`: its TCP connections stay open and acknowledged by the kernel,
// nothing answers), through the edge and the front, on the hardened stack. The API's bounds:
// DB_QUERY_TIMEOUT_MS (6 s) on a pooled connection, DB_CONNECT_TIMEOUT_MS (2 s) for one to free up
// or open; with nginx's hops, an answer within 10 s, never the proxies' 30 s or more.
const BOUND_MS = 10_000;
const run = `frozen ${Date.now()}`;

async function post(name: string): Promise<number> {
  return (await postJson('/api/items', { name })).status;
}

async function timed(send: () => Promise<number>): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const status = await send();
  return { status, ms: Date.now() - started };
}

test('a paused database: 503 within the bounds, /status says so, the API recovers alone, every acknowledged write once', async () => {
  const db = nameOf(projectContainers().find((c) => serviceOf(c) === 'db')!);
  const acknowledged: string[] = [];
  // The pools hold open connections first: those are the ones a freeze leaves silent.
  for (let i = 0; i < 6; i++) {
    expect(await post(`${run} before ${i}`)).toBe(201);
    acknowledged.push(`${run} before ${i}`);
  }

  docker('pause', db);
  let during: Array<{ status: number; ms: number }>;
  let status: { code: number; body: unknown };
  try {
    during = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        timed(async () =>
          i % 2 ? post(`${run} during ${i}`) : (await request(`/api/items?limit=5&q=frozen${i}`)).status,
        ),
      ),
    );
    const response = await request('/api/status');
    status = { code: response.status, body: await response.json() };
  } finally {
    docker('unpause', db);
  }
  console.log(`database paused: ${during.length} requests, ${JSON.stringify(during)}`);
  for (const { status: code, ms } of during) {
    expect(code).toBe(503);
    expect(ms).toBeLessThan(BOUND_MS);
  }
  expect(status.code).toBe(503);
  expect(status.body).toMatchObject({ details: { database: { status: 'down' } } });

  await eventually('the API is ready again', async () => (await request('/api/status')).status === 200, 30_000);
  expect(await post(`${run} after`)).toBe(201);
  acknowledged.push(`${run} after`);

  const stored = new Map(
    psql(`SELECT name, count(*) FROM app.items WHERE name LIKE '${run} %' GROUP BY name`)
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('|') as [string, string]),
  );
  for (const name of acknowledged) expect({ name, count: stored.get(name) }).toEqual({ name, count: '1' });
  // A write answered 503 may still have been applied once the server woke up (it had received it);
  // never twice.
  for (const count of stored.values()) expect(count).toBe('1');
}, 120_000);
