import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './support/app';
import { testDatabase } from './support/test-database';

describe('API on a real PostgreSQL, as the least-privilege API role', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp(testDatabase().api);
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /status answers 200 while the database is up', async () => {
    const response = await request(app.getHttpServer()).get('/status').expect(200);

    expect(response.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' } },
    });
    expect(response.headers['cache-control']).toContain('no-store');
  });

  it('GET /status/live answers 200', async () => {
    const response = await request(app.getHttpServer()).get('/status/live').expect(200);

    expect(response.body).toMatchObject({ status: 'ok' });
  });

  it('GET /items returns the sample items, ordered by id', async () => {
    const response = await request(app.getHttpServer()).get('/items').expect(200).expect('Content-Type', /json/);

    const items = response.body as Array<Record<string, unknown>>;
    expect(items.map(({ name }) => name)).toEqual(['Getting started', 'Hardened by default']);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['createdAt', 'description', 'id', 'name', 'updatedAt']);
      expect(item).toEqual({
        id: expect.any(Number),
        name: expect.any(String),
        description: expect.any(String),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
    }
    expect(items[0].id as number).toBeLessThan(items[1].id as number);
  });

  it('sends helmet security headers and no framework banner', async () => {
    const response = await request(app.getHttpServer()).get('/status/live');

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers unknown routes with a plain 404 body, no stack trace', async () => {
    const response = await request(app.getHttpServer()).get('/nope').expect(404);

    expect(response.body).toEqual({ statusCode: 404, message: 'Cannot GET /nope', error: 'Not Found' });
  });
});
