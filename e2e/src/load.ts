import { request } from 'node:http';

/** One request of the load and what came of it. */
export interface Outcome {
  op: 'list' | 'get' | 'create' | 'update';
  method: string;
  path: string;
  requestId: string;
  expected: number;
  /** The HTTP status, or undefined when the request failed at the socket (error says how). */
  status?: number;
  error?: string;
  body?: unknown;
}

export interface LoadReport {
  outcomes: Outcome[];
  /** Every outcome that is not the expected 2xx: a socket error or any other status. */
  failed: Outcome[];
  /** The items whose create was answered 201. */
  created: { id: number; name: string }[];
}

const TIMEOUT_MS = 10_000;

/** One request through the front on a connection of its own, JSON in and out, bounded in time. */
function send(base: string, o: Outcome, payload?: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const req = request(
      new URL(o.path, base),
      {
        method: o.method,
        agent: false,
        timeout: TIMEOUT_MS,
        headers: {
          'X-Request-Id': o.requestId,
          ...(body && { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON (an HTML error page): kept as text for the report.
          }
          resolve({ ...o, status: res.statusCode, body: parsed });
        });
        res.on('error', (error) => resolve({ ...o, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', (error) => resolve({ ...o, error: error.message }));
    req.end(body);
  });
}

/**
 * A client using the app through the front: it lists, reads one item, creates and renames, in
 * turn, `rate` requests a second (under the front's limit of 20 a second), each on a new
 * connection, until stopped or `maxRequests` were sent. Every create has a name of its own, every
 * request an X-Request-Id of its own (`<run>-<n>`), so the API's logs and the database can tell them apart.
 */
export class MixedLoad {
  private readonly pending = new Set<Promise<Outcome>>();
  private readonly outcomes: Outcome[] = [];
  private readonly created: { id: number; name: string }[] = [];
  private timer?: NodeJS.Timeout;
  private sent = 0;

  constructor(
    private readonly base: string,
    readonly run: string,
    private readonly rate = 10,
    private readonly maxRequests = 5_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.next(), 1000 / this.rate);
  }

  /** Stops sending, waits for the requests in flight, and reports. */
  async stop(): Promise<LoadReport> {
    clearInterval(this.timer);
    await Promise.all(this.pending);
    const failed = this.outcomes.filter((o) => o.status !== o.expected);
    return { outcomes: [...this.outcomes], failed, created: [...this.created] };
  }

  private next(): void {
    if (this.sent >= this.maxRequests) return clearInterval(this.timer);
    const n = this.sent++;
    const requestId = `${this.run}-${n}`;
    const known = this.created.length > 0 ? this.created[n % this.created.length] : undefined;
    let sending: Promise<Outcome>;
    switch (known ? n % 4 : n % 2) {
      case 0:
        sending = send(this.base, { op: 'list', method: 'GET', path: '/api/items?limit=5', requestId, expected: 200 });
        break;
      case 1: {
        const name = `${this.run} item ${n}`;
        const o: Outcome = { op: 'create', method: 'POST', path: '/api/items', requestId, expected: 201 };
        sending = send(this.base, o, { name, description: 'created under load' }).then((done) => {
          const id = (done.body as { id?: unknown } | undefined)?.id;
          if (done.status === 201 && typeof id === 'number') this.created.push({ id, name });
          return done;
        });
        break;
      }
      case 2:
        sending = send(this.base, {
          op: 'get',
          method: 'GET',
          path: `/api/items/${known!.id}`,
          requestId,
          expected: 200,
        });
        break;
      default:
        sending = send(
          this.base,
          { op: 'update', method: 'PATCH', path: `/api/items/${known!.id}`, requestId, expected: 200 },
          { description: `renamed by ${requestId}` },
        );
    }
    const tracked = sending.then((o) => {
      this.outcomes.push(o);
      this.pending.delete(tracked);
      return o;
    });
    this.pending.add(tracked);
  }
}

/** "12 requests (3 list, …), 0 failed", then one line per failure. */
export function summary(report: LoadReport): string {
  const byOp = new Map<string, number>();
  for (const o of report.outcomes) byOp.set(o.op, (byOp.get(o.op) ?? 0) + 1);
  const ops = [...byOp].map(([op, n]) => `${n} ${op}`).join(', ');
  const lines = report.failed.map(
    (o) => `  ${o.method} ${o.path} [${o.requestId}]: ${o.error ?? `${o.status} ${JSON.stringify(o.body)}`}`,
  );
  return [`${report.outcomes.length} requests (${ops}), ${report.failed.length} failed`, ...lines].join('\n');
}
