import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ItemsService } from '../src/items/items.service';
import { AppLogger } from '../src/logging/app-logger';
import { createTestApp } from './support/app';
import { testDatabase } from './support/test-database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('API on a real PostgreSQL: health, errors, request ids, logs, metrics, CORS', () => {
  let app: INestApplication;
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    // The heap measured is Jest's, which holds every suite run before this one: the limit is lifted
    // here, and the check's failure is tested on its own below.
    app = await createTestApp(testDatabase().api, { HEALTH_HEAP_LIMIT_MB: '65536' });
  });

  afterAll(async () => {
    await app.close();
  });

  /** The JSON lines the app writes to stdout while `act` runs. */
  async function logLinesOf(act: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
    const written: string[] = [];
    const spies = (['stdout', 'stderr'] as const).map((stream) =>
      jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }),
    );
    try {
      await act();
      // The access log line is written when the response closes, just after the client has it.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('GET /status answers 200 with the database, schema, heap and WAL archive checks, not cached', async () => {
    const response = await api().get('/status').expect(200);

    expect(response.body).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        schema: { status: 'up' },
        memory_heap: { status: 'up' },
        wal_archive: { status: 'up' },
      },
      error: {},
      details: {
        database: { status: 'up' },
        schema: { status: 'up' },
        memory_heap: { status: 'up' },
        wal_archive: { status: 'up' },
      },
    });
    expect(response.headers['cache-control']).toContain('no-store');
  });

  it('GET /status answers 503 when the heap is over its limit', async () => {
    const tiny = await createTestApp(testDatabase().api, { HEALTH_HEAP_LIMIT_MB: '16' });
    try {
      const response = await request(tiny.getHttpServer()).get('/status').expect(503);

      expect(response.body).toMatchObject({ status: 'error', error: { memory_heap: { status: 'down' } } });
    } finally {
      await tiny.close();
    }
  });

  it('GET /status/live answers 200', async () => {
    const response = await api().get('/status/live').expect(200);

    expect(response.body).toEqual({ status: 'ok' });
  });

  it('sends the security headers of a JSON API, on answers and errors alike, and no framework banner', async () => {
    for (const response of [await api().get('/status/live'), await api().get('/nope')]) {
      expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(response.headers['x-powered-by']).toBeUndefined();
      // The site's decision, the edge's alone (HSTS_MAX_AGE), never a service's.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('answers unknown routes with a plain JSON 404, no stack trace', async () => {
    const response = await api().get('/nope').expect(404);

    expect(response.body).toEqual({ statusCode: 404, message: 'Cannot GET /nope', error: 'Not Found' });
  });

  it('answers a malformed URL with a plain JSON 400 and its request id', async () => {
    const response = await api().get('/items/%zz').set('X-Request-Id', 'bad-url').expect(400);

    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "'/items/%zz' is not a valid url component",
    });
    expect(response.headers['x-request-id']).toBe('bad-url');
  });

  describe('X-Request-Id', () => {
    it.each(['abc-123', 'a.B_c-9', 'x'.repeat(128)])('echoes a well-formed incoming id (%s)', async (id) => {
      const response = await api().get('/status/live').set('X-Request-Id', id).expect(200);

      expect(response.headers['x-request-id']).toBe(id);
    });

    it.each(['', 'has space', 'semi;colon', 'x'.repeat(129), 'ünïcode'])(
      'replaces a malformed id ("%s") with a UUID',
      async (id) => {
        const response = await api().get('/status/live').set('X-Request-Id', id).expect(200);

        expect(response.headers['x-request-id']).toMatch(UUID);
      },
    );

    it('comes with errors too, even those answered before routing', async () => {
      const response = await api().post('/items').set('Content-Type', 'text/plain').send('x').expect(415);

      expect(response.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('GET /metrics', () => {
    it('exposes request counts and durations by method, route template and status, and process metrics', async () => {
      await api().get('/items/1').expect(200);
      await api().get('/items/999999').expect(404);

      const response = await api()
        .get('/metrics')
        .expect(200)
        .expect('Content-Type', /^text\/plain/);

      const text = response.text;
      expect(text).toMatch(/^http_requests_total\{method="GET",route="\/items\/:id",status="200"\} \d+$/m);
      expect(text).toMatch(/^http_requests_total\{method="GET",route="\/items\/:id",status="404"\} \d+$/m);
      expect(text).toMatch(
        /^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/items\/:id",status="200"\} \d+$/m,
      );
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      // Raw URLs never become labels.
      expect(text).not.toContain('route="/items/1"');
    });

    it('labels requests that matched no route as unmatched', async () => {
      await api().get('/no/such/route/123').expect(404);

      const { text } = await api().get('/metrics').expect(200);

      expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} \d+$/m);
      expect(text).not.toContain('/no/such/route');
    });
  });

  describe('CORS', () => {
    it('is off by default: no Access-Control-Allow-Origin for any origin', async () => {
      const response = await api().get('/items').set('Origin', 'https://app.example.com').expect(200);

      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows exactly the origins in CORS_ORIGINS', async () => {
      const withCors = await createTestApp(testDatabase().api, { CORS_ORIGINS: 'https://app.example.com' });
      try {
        const server = withCors.getHttpServer();
        const allowed = await request(server)
          .options('/items')
          .set('Origin', 'https://app.example.com')
          .set('Access-Control-Request-Method', 'POST')
          .expect(204);
        expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
        expect(allowed.headers['access-control-allow-methods']).toBe('GET,POST,PATCH,DELETE');

        const other = await request(server).get('/items').set('Origin', 'https://evil.example.com').expect(200);
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await withCors.close();
      }
    });
  });

  describe('logs', () => {
    // The production logger at the default level for these tests only; the others stay quiet.
    beforeAll(() => app.useLogger(new AppLogger('log')));
    afterAll(() => app.useLogger(new AppLogger('error')));

    it('writes one JSON access line a request, with its id, route and status, never the body', async () => {
      const name = `logged-${process.pid}-secret-body-marker`;
      const lines = await logLinesOf(() =>
        api().post('/items').set('X-Request-Id', 'log-check').send({ name }).expect(201),
      );

      expect(lines).toContainEqual({
        level: 'log',
        pid: process.pid,
        timestamp: expect.any(Number),
        context: 'HTTP',
        message: 'request',
        requestId: 'log-check',
        method: 'POST',
        path: '/items',
        route: '/items',
        status: 201,
        durationMs: expect.any(Number),
      });
      expect(JSON.stringify(lines)).not.toContain('secret-body-marker');
    });

    it('keeps probes out of the default level', async () => {
      const lines = await logLinesOf(() => api().get('/status/live').expect(200));

      expect(lines).toEqual([]);
    });

    it('answers an unexpected failure with a generic 500, and logs it with the request id', async () => {
      jest
        .spyOn(app.get(ItemsService), 'findOne')
        .mockRejectedValueOnce(new Error('relation "secret_table" does not exist: SELECT * FROM secret_table'));

      let body: unknown;
      const lines = await logLinesOf(async () => {
        body = (await api().get('/items/1').set('X-Request-Id', 'failing-request').expect(500)).body;
      });

      expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal server error' });
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'error',
          requestId: 'failing-request',
          message: expect.stringContaining('secret_table'),
        }),
      );
    });
  });
});
