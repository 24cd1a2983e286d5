import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './support/app';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { testDatabase } from './support/test-database';

const DATABASE_UNAVAILABLE = { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' };

describe('when the database goes away and comes back', () => {
  let proxy: TcpProxy;
  let app: INestApplication;
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    const database = testDatabase().api;
    // This app reaches the database through a proxy, so the outage hits it alone.
    proxy = await startTcpProxy(database);
    app = await createTestApp({ ...database, host: '127.0.0.1', port: proxy.port }, { DB_CONNECT_TIMEOUT_MS: '1000' });
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
});
