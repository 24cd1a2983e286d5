import request from 'supertest';
import { createTestApp } from './support/app';
import { startTcpProxy } from './support/tcp-proxy';
import { testDatabase } from './support/test-database';

describe('GET /status when the database becomes unreachable', () => {
  it('answers 503 with the database down, while liveness stays 200', async () => {
    const { api } = testDatabase();
    // This app reaches the database through a proxy, so the outage hits it alone.
    const proxy = await startTcpProxy(api);
    const app = await createTestApp({ ...api, host: '127.0.0.1', port: proxy.port });
    try {
      const server = app.getHttpServer();
      // Healthy first: the 503 below is the outage's doing, not a broken setup.
      await request(server).get('/status').expect(200);

      await proxy.close();

      const response = await request(server).get('/status').expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        error: { database: { status: 'down' } },
        details: { database: { status: 'down' } },
      });
      await request(server).get('/status/live').expect(200);
    } finally {
      await app.close();
      await proxy.close();
    }
  });
});
