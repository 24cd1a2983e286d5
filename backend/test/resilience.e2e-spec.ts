import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './support/app';
import { connectAs } from './support/pg-client';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { testDatabase } from './support/test-database';

const DATABASE_UNAVAILABLE = { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' };

describe('when the database goes away and comes back', () => {
  let proxy: TcpProxy;
  let app: INestApplication;
  const api = () => request(app.getHttpServer());

  const database = testDatabase().api;

  beforeAll(async () => {
    // This app reaches the database through a proxy, so the outage hits it alone.
    proxy = await startTcpProxy(database);
    app = await createTestApp(
      { ...database, host: '127.0.0.1', port: proxy.port },
      { DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '1500' },
    );
  });

  afterAll(async () => {
    await app.close();
    await proxy.close();
  });

  it('is healthy first (so each outage below is the proxy’s doing)', async () => {
    await api().get('/status').expect(200);
    await api().get('/items').expect(200);
  });

  it.each([
    ['the database restarts (connections cut)', 'reset'],
    ['the database hangs (connections never answered)', 'blackhole'],
  ] as const)('%s: 503 at once, liveness stays 200, and it recovers alone', async (_, mode) => {
    proxy.setMode(mode);

    // The timeout bounds the wait: a request must fail fast, never hang on the pool.
    const items = await api().get('/items').timeout(4000).expect(503);
    expect(items.body).toEqual(DATABASE_UNAVAILABLE);
    await api()
      .post('/items')
      .send({ name: `during ${mode}` })
      .timeout(4000)
      .expect(503);
    const status = await api().get('/status').timeout(4000).expect(503);
    expect(status.body).toMatchObject({
      status: 'error',
      error: { database: { status: 'down' } },
      details: { database: { status: 'down' }, memory_heap: { status: 'up' } },
    });
    await api().get('/status/live').expect(200);

    proxy.setMode('forward');

    await api().get('/status').expect(200);
    await api().get('/items').expect(200);
  });

  it('the database freezes (docker pause: connections open, nothing answered): 503 within the bounds, then every acknowledged write once', async () => {
    const run = `freeze ${process.pid} ${Date.now()}`;
    const post = (name: string) => api().post('/items').send({ name }).timeout(10_000);
    const acknowledged: string[] = [];
    // Warm: the pool holds open connections, which a freeze leaves open and silent.
    for (let i = 0; i < 4; i++) {
      await post(`${run} before ${i}`).expect(201);
      acknowledged.push(`${run} before ${i}`);
    }

    proxy.setMode('freeze');
    const during = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const started = Date.now();
        const response = i % 2 ? await post(`${run} during ${i}`) : await api().get('/items').timeout(10_000);
        return { i, status: response.status, ms: Date.now() - started, body: response.body as unknown };
      }),
    );
    // A pooled connection answers nothing for DB_QUERY_TIMEOUT_MS (1.5 s); a request waiting for one
    // of those gives up after DB_CONNECT_TIMEOUT_MS (1 s): never the proxy's 30 s.
    for (const { status, ms, body } of during) {
      expect({ status, body }).toEqual({ status: 503, body: DATABASE_UNAVAILABLE });
      expect(ms).toBeLessThan(4000);
    }
    const status = await api().get('/status').timeout(4000).expect(503);
    expect(status.body).toMatchObject({ details: { database: { status: 'down' } } });

    proxy.setMode('forward');

    // Recovers by itself: the silent connections were dropped, new ones work.
    let ready = 0;
    for (let tries = 0; ready !== 200 && tries < 50; tries++) {
      ready = (await api().get('/status')).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    await post(`${run} after`).expect(201);
    acknowledged.push(`${run} after`);

    const sql = await connectAs(database);
    try {
      const { rows } = await sql.query<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM "${database.schema}".items WHERE name LIKE $1 GROUP BY name`,
        [`${run} %`],
      );
      const stored = new Map(rows.map(({ name, n }) => [name, n]));
      // Every acknowledged write is there; nothing is there twice. A write answered 503 while frozen may
      // still have been applied when the server woke (it had received it): a retry then gets 409.
      for (const name of acknowledged) expect({ name, n: stored.get(name) }).toEqual({ name, n: 1 });
      for (const n of stored.values()) expect(n).toBe(1);
    } finally {
      await sql.end();
    }
  });
});
