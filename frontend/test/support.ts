import { afterEach, vi } from 'vitest';
import type { ApiStatus, Item } from '../src/api.js';
// The page's colours and focus ring, as index.html loads them.
import '../src/global.css';

export type Handler = (request: Request) => Response | Promise<Response>;

/**
 * Replaces `fetch`: routes by `'METHOD /path'` or `'/path'`, or one handler for every request.
 * Like the real fetch, it rejects once the request's signal aborts. Any other request fails the test.
 */
export function stubFetch(routes: Record<string, Handler> | Handler) {
  const handle: Handler =
    typeof routes === 'function'
      ? routes
      : (request) => {
          const { pathname } = new URL(request.url);
          const route = routes[`${request.method} ${pathname}`] ?? routes[pathname];
          if (!route) throw new Error(`unexpected request: ${request.method} ${pathname}`);
          return route(request);
        };
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), location.href), init);
    const aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(request.signal.reason);
      if (request.signal.aborted) fail();
      request.signal.addEventListener('abort', fail);
    });
    return Promise.race([Promise.resolve().then(() => handle(request)), aborted]);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The requests `fetch` got, as method, path with query, and parsed JSON body. */
export function requests(fetchMock: ReturnType<typeof stubFetch>) {
  return fetchMock.mock.calls.map(([input, init]) => ({
    method: init?.method ?? 'GET',
    url: String(input),
    body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    signal: init?.signal ?? undefined,
  }));
}

export const json =
  (body: unknown, status = 200) =>
  () =>
    Response.json(body, { status });

export const html = (body: string, status: number) => () =>
  new Response(body, { status, headers: { 'Content-Type': 'text/html' } });

/** nginx's own answer when the API is down (frontend/nginx/app.conf). */
export const badGateway = json({ statusCode: 502, error: 'Bad Gateway', message: 'API unreachable' }, 502);

export const networkError = () => Promise.reject(new TypeError('Failed to fetch'));

export const never = () => new Promise<Response>(() => {});

/** Answers in turn, repeating the last one. */
export function sequence(...handlers: Handler[]): Handler {
  let call = 0;
  return (request) => handlers[Math.min(call++, handlers.length - 1)](request);
}

export const healthy = json({
  status: 'ok',
  info: { database: { status: 'up' } },
  error: {},
  details: { database: { status: 'up' } },
} satisfies ApiStatus);

export const item = (id: number, name: string, description: string | null = null): Item => ({
  id,
  name,
  description,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
});

const problem = (statusCode: number, error: string, message: string, fields?: Record<string, string[]>) =>
  Response.json({ statusCode, error, message, ...(fields && { fields }) }, { status: statusCode });

/**
 * An in-memory API that keeps the contract: paging, 201/200/204, 400 with `fields`, 404, 409 on a
 * duplicate name. `items` is the live store.
 */
export function fakeApi(seed: Item[]) {
  const items = [...seed];
  let nextId = Math.max(0, ...seed.map((i) => i.id)) + 1;

  const invalid = ({ name, description }: { name?: unknown; description?: unknown }, partial: boolean) => {
    const fields: Record<string, string[]> = {};
    if (!(partial && name === undefined) && (typeof name !== 'string' || name.trim() === ''))
      fields.name = ['name must not be empty'];
    if (typeof description === 'string' && description.length > 200)
      fields.description = ['description must be at most 200 characters'];
    return Object.keys(fields).length ? problem(400, 'Bad Request', 'Validation failed', fields) : undefined;
  };
  const duplicate = (name: unknown, id?: number) =>
    items.some((i) => i.name === name && i.id !== id)
      ? problem(409, 'Conflict', `An item named "${name}" already exists`)
      : undefined;

  const handler: Handler = async (request) => {
    const url = new URL(request.url);
    const [, id] = /^\/api\/items(?:\/(\d+))?$/.exec(url.pathname) ?? [];
    if (url.pathname === '/api/status') return healthy();
    const index = items.findIndex((i) => i.id === Number(id));
    const route = `${request.method} ${id ? ':id' : ''}`;
    if (route === 'GET ') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return Response.json({ items: items.slice(offset, offset + limit), total: items.length, limit, offset });
    }
    if (route === 'POST ') {
      const body = await request.json();
      const refused = invalid(body, false) ?? duplicate(body.name);
      if (refused) return refused;
      const created: Item = {
        ...item(nextId++, body.name, body.description ?? null),
        createdAt: new Date().toISOString(),
      };
      created.updatedAt = created.createdAt;
      items.push(created);
      return Response.json(created, { status: 201 });
    }
    if (index < 0) return problem(404, 'Not Found', `Item ${id} not found`);
    if (route === 'PATCH :id') {
      const body = await request.json();
      const refused = invalid(body, true) ?? duplicate(body.name, Number(id));
      if (refused) return refused;
      items[index] = { ...items[index], ...body, updatedAt: new Date().toISOString() };
      return Response.json(items[index]);
    }
    if (route === 'DELETE :id') {
      items.splice(index, 1);
      return new Response(null, { status: 204 });
    }
    return problem(404, 'Not Found', `Cannot ${request.method} ${url.pathname}`);
  };
  return { items, handler };
}

export function mount<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}) {
  return document.body.appendChild(Object.assign(document.createElement(tag), props));
}

/** The element that has the keyboard focus, through shadow roots. */
export function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

afterEach(() => document.body.replaceChildren());
