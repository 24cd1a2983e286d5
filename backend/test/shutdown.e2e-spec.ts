import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { failedStart } from '../src/health/startup-outcome';
import { createTestApp } from './support/app';
import { connectAs } from './support/pg-client';
import { testDatabase } from './support/test-database';

describe('graceful shutdown on SIGTERM', () => {
  it('turns readiness 503, keeps serving through the drain, finishes requests in flight, then closes the pool', async () => {
    const database = testDatabase().api;
    const app = await createTestApp(database, { SHUTDOWN_DRAIN_MS: '400' });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await request(url).get('/status').expect(200); // a replica in rotation: ready
    const created = await request(url)
      .post('/items')
      .send({ name: `shutdown ${process.pid}` })
      .expect(201);
    const id = created.body.id as number;
    // A row lock held elsewhere keeps a PATCH of that row in flight for as long as the test wants.
    const locker = await connectAs(database);
    let closed: Promise<void> | undefined;
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM "${database.schema}".items WHERE id = $1 FOR UPDATE`, [id]);
      const inFlight = request(url)
        .patch(`/items/${id}`)
        .send({ description: 'finished during shutdown' })
        .then((response) => response);
      await new Promise((resolve) => setTimeout(resolve, 100));

      // What Nest's SIGTERM handler runs (it then exits the process, which a test cannot). The public
      // type of close() omits the signal its implementation takes.
      closed = (app as unknown as { close(signal: string): Promise<void> }).close('SIGTERM');

      const status = await request(url).get('/status').expect(503);
      expect(status.body).toMatchObject({ status: 'shutting_down' });
      await request(url).get('/status/live').expect(200);
      await request(url).get(`/items/${id}`).expect(200);

      await new Promise((resolve) => setTimeout(resolve, 500)); // past the drain: the server is closing
      await locker.query('COMMIT');
      const patched = await inFlight;
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id, description: 'finished during shutdown' });

      await closed;
      expect(app.get(DataSource).isInitialized).toBe(false);
      await expect(request(url).get('/status/live')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await locker.end();
      await (closed ?? app.close());
    }
  });
});

describe('the exit code after a signal', () => {
  // What Nest's signal handler runs before it exits the process.
  const stop = (app: INestApplication) => (app as unknown as { close(signal: string): Promise<void> }).close('SIGTERM');

  afterEach(() => {
    process.removeListener('exit', failedStart);
    process.exitCode = undefined;
  });

  it('is 1 for a replica whose readiness never answered 200: a failed start, which Swarm must not take for a started task', async () => {
    // No migration ever ran in that schema: readiness stays 503.
    const app = await createTestApp({ ...testDatabase().api, schema: 'public' }, { SHUTDOWN_DRAIN_MS: '0' });
    await request(app.getHttpServer()).get('/status').expect(503);
    await stop(app);
    expect(process.listeners('exit')).toContain(failedStart);
    failedStart();
    expect(process.exitCode).toBe(1);
  });

  it('stays 0 for a replica that was ready once, whatever its readiness says when it is stopped', async () => {
    const app = await createTestApp(testDatabase().api, { SHUTDOWN_DRAIN_MS: '0' });
    await request(app.getHttpServer()).get('/status').expect(200);
    await stop(app);
    expect(process.listeners('exit')).not.toContain(failedStart);
  });
});
