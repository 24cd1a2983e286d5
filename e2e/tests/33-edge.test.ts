import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { compose, dockerWith } from '../src/docker';
import { expectSecurityHeaders } from '../src/front';
import { baseUrl, eventually, get, request } from '../src/stack';

// The edge, where requests enter the stack: the host names it serves, whose address a request is
// counted under (rate and connection limits), and how many requests one client may have at once.
const { hostname, port } = new URL(baseUrl());

/** A request with a Host header of our choosing (fetch does not let one set it). */
function withHost(host: string, path: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // A new connection each time (no agent): the edge may have just been replaced.
    const req = httpRequest({ hostname, port, path, headers: { Host: host }, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The edge recreated with these settings (or the defaults); healthy when it returns. */
function edgeWith(env: Record<string, string>): void {
  dockerWith(env, 'compose', 'up', '--detach', '--no-deps', '--wait', '--wait-timeout', '60', 'edge');
}

/** The edge, recreated with a malformed setting, does not start, and its log says why. */
function expectEdgeRefuses(env: Record<string, string>, why: string): void {
  expect(() => edgeWith(env)).toThrow();
  expect(compose('logs', '--no-color', '--tail', '5', 'edge')).toContain(why);
}

/** `count` requests at once, each with its own X-Forwarded-For; their statuses. */
async function burst(count: number, forwardedFor: (i: number) => string): Promise<number[]> {
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // the rate limit's bucket drains first
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await request('/api/nope', { headers: { 'X-Forwarded-For': forwardedFor(i) } });
      await response.arrayBuffer();
      return response.status;
    }),
  );
}
const limited = (statuses: number[]) => statuses.filter((s) => s === 429).length;
/** How many of each status, e.g. { 404: 41, 429: 39 }: a failure shows what came back. */
const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe('host names', () => {
  test.each(['localhost', '127.0.0.1', `localhost:${port}`])('serves %s', async (host) => {
    expect((await withHost(host, '/api/status')).status).toBe(200);
  });

  test.each([
    ['another site (DNS rebinding)', 'attacker.example'],
    ['an address it does not answer for', '192.0.2.1'],
  ])('refuses %s with a 421 before the API sees it', async (_, host) => {
    const response = await withHost(host, '/api/items');
    expect(response.status).toBe(421);
    expect(JSON.parse(response.body)).toEqual({
      statusCode: 421,
      error: 'Misdirected Request',
      message: 'Unknown host name',
    });
  });

  test('the refusal carries the security headers, and the front never logged the request', async () => {
    const id = `host-refused-${Date.now()}`;
    const response = await new Promise<{ headers: Headers }>((resolve, reject) => {
      const req = httpRequest(
        { hostname, port, path: '/api/items', headers: { Host: 'attacker.example', 'X-Request-Id': id }, agent: false },
        (res) => {
          res.resume();
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ headers });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expectSecurityHeaders(response.headers);
    expect(compose('logs', '--no-color', 'front', 'api')).not.toContain(id);
  });

  test('SERVER_NAMES adds names; a malformed one stops the edge from starting, saying why', async () => {
    try {
      edgeWith({ SERVER_NAMES: 'app.example.com, *.example.org' });
      const responses = await Promise.all(
        ['app.example.com', 'www.example.org', 'example.net'].map((host) => withHost(host, '/healthz')),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200, 421]);
      expectEdgeRefuses({ SERVER_NAMES: 'bad_name!' }, "SERVER_NAMES: 'bad_name!' is not a host name");
    } finally {
      edgeWith({});
    }
  });
});

describe('Strict-Transport-Security: the edge alone, when HSTS_MAX_AGE says so', () => {
  const hsts = async (path: string) => (await withHost(hostname, path)).headers['strict-transport-security'] ?? null;
  const paths = ['/', '/api/items', '/api/nope', '/healthz'];

  test('none by default: the page, the API, their errors', async () => {
    for (const path of paths) expect({ path, hsts: await hsts(path) }).toEqual({ path, hsts: null });
  });

  test('HSTS_MAX_AGE: on every answer of the edge, errors included; a malformed value stops the edge', async () => {
    try {
      edgeWith({ HSTS_MAX_AGE: '31536000' });
      for (const path of paths) expect({ path, hsts: await hsts(path) }).toEqual({ path, hsts: 'max-age=31536000' });
      expectEdgeRefuses({ HSTS_MAX_AGE: '1y' }, "HSTS_MAX_AGE: '1y' is not a number of seconds");
    } finally {
      edgeWith({});
    }
  });
});

describe('the client address', () => {
  test('X-Forwarded-For from an untrusted peer is ignored: spoofed addresses share one rate limit', async () => {
    const statuses = await burst(80, (i) => `198.51.100.${i}`);
    expect(limited(statuses)).toBeGreaterThan(0);
  });

  test('behind a trusted proxy (TRUSTED_PROXIES), each forwarded client has its own rate limit', async () => {
    // The edge sees this host's connections coming from its network's gateway: trust that address.
    const gateway = dockerWith(
      {},
      'network',
      'inspect',
      '-f',
      '{{(index .IPAM.Config 0).Gateway}}',
      `${process.env.COMPOSE_PROJECT_NAME}_edge`,
    );
    try {
      edgeWith({ TRUSTED_PROXIES: `${gateway}/32` });
      // 80 requests from 4 forwarded clients, 20 each: under each one's burst of 40.
      const statuses = await burst(80, (i) => `203.0.113.${i % 4}`);
      expect(tally(statuses)).toEqual({ 404: 80 });
    } finally {
      edgeWith({});
    }
  });
});

describe('requests in progress per client', () => {
  test('over CLIENT_CONNECTIONS at once, the next gets a 429 at the edge; served again once they end', async () => {
    const sockets: Socket[] = [];
    try {
      edgeWith({ CLIENT_CONNECTIONS: '4' });
      // Four requests whose bodies never finish arriving: each holds its place.
      for (let i = 0; i < 4; i++) {
        const socket = connect(Number(port), hostname);
        socket.on('error', () => {});
        socket.write(
          'POST /api/items HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
        );
        sockets.push(socket);
      }
      await eventually('the fifth request to be refused', async () => (await get('/api/status')).status === 429, 5_000);
      const refused = await request('/api/status');
      expect(await refused.json()).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Too many connections, slow down',
      });
      sockets.forEach((s) => s.destroy());
      let last = 0;
      await eventually(
        'requests to be served again',
        async () => (last = (await get('/api/status')).status) === 200,
        15_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message} (last status ${last})`);
      });
    } finally {
      sockets.forEach((s) => s.destroy());
      edgeWith({});
    }
  });
});
