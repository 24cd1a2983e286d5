import { afterEach, vi } from 'vitest';
import type { ApiStatus, Item, ItemChanges } from '../src/api.js';
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
    const request = new Request(new URL(urlOf(input), location.href), init);
    const aborted = new Promise<never>((_, reject) => {
      // What a real fetch rejects with on abort: the signal's reason, an AbortError.
      const fail = () => reject(request.signal.reason as DOMException);
      if (request.signal.aborted) fail();
      request.signal.addEventListener('abort', fail);
    });
    return Promise.race([Promise.resolve().then(() => handle(request)), aborted]);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const urlOf = (input: RequestInfo | URL): string => (input instanceof Request ? input.url : input.toString());

/** The requests `fetch` got, as method, path with query, and parsed JSON body. */
export function requests(fetchMock: ReturnType<typeof stubFetch>) {
  return fetchMock.mock.calls.map(([input, init]) => ({
    method: init?.method ?? 'GET',
    url: urlOf(input),
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

// The API's own limits and messages: backend/src/items/dto/ and backend/README.md ("Rules", "Errors").
const NAME_MAX_CHARS = 100;
const DESCRIPTION_MAX_CHARS = 1000;
const MAX_PAGE_SIZE = 100;
export const apiMessages = {
  nameRequired: 'name is required',
  nameNotString: 'name must be a string',
  nameLength: `name must be 1 to ${NAME_MAX_CHARS} characters long (after trimming spaces)`,
  nameControl: 'name must not contain control characters or bidirectional overrides',
  descriptionNotString: 'description must be a string or null',
  descriptionLength: `description must be at most ${DESCRIPTION_MAX_CHARS} characters long`,
  descriptionNul: 'description must not contain NUL characters',
  nothingToChange: 'send a name or a description to change',
  limit: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`,
  q: `q must be at most ${NAME_MAX_CHARS} characters long`,
  cursor: 'cursor must be the next, prev or last of a page of this listing (with the same q)',
  offset: 'offset is no longer supported: page with cursor (next and prev of each page)',
  duplicate: (name: string) => `an item named "${name}" already exists`,
  notFound: (id: number) => `item ${id} not found`,
};

// Lengths in code points, as the API and PostgreSQL count them.
const chars = (text: string) => [...text].length;
// As the API's validation pipe: strings are trimmed and NFC-normalised before any rule.
const normalise = (value: unknown) => (typeof value === 'string' ? value.trim().normalize('NFC') : value);

function nameProblem(name: unknown, missing: string): string | undefined {
  if (name === undefined) return missing;
  if (typeof name !== 'string') return apiMessages.nameNotString;
  if (chars(name) < 1 || chars(name) > NAME_MAX_CHARS) return apiMessages.nameLength;
  if (/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(name)) return apiMessages.nameControl;
  return undefined;
}

function descriptionProblem(description: unknown): string | undefined {
  if (description === undefined || description === null) return undefined;
  if (typeof description !== 'string') return apiMessages.descriptionNotString;
  if (chars(description) > DESCRIPTION_MAX_CHARS) return apiMessages.descriptionLength;
  if (description.includes('\0')) return apiMessages.descriptionNul;
  return undefined;
}

/**
 * A POST or PATCH body as the API stores it (an empty description is null), or the API's 400: the
 * first rule each field breaks in `fields`, joined in `message`.
 */
function readBody(body: { name?: unknown; description?: unknown }, patch: boolean): ItemChanges | Response {
  const name = normalise(body.name);
  const description = normalise(body.description) === '' ? null : normalise(body.description);
  const problems = {
    // PATCH checks the name when it is sent, or when nothing is.
    name:
      !patch || name !== undefined || description === undefined
        ? nameProblem(name, patch ? apiMessages.nothingToChange : apiMessages.nameRequired)
        : undefined,
    description: descriptionProblem(description),
  };
  const fields = Object.fromEntries(
    Object.entries(problems).flatMap(([field, message]) => (message ? [[field, [message]]] : [])),
  );
  if (Object.keys(fields).length > 0) {
    return problem(400, 'Bad Request', Object.values(fields).flat().join('; '), fields);
  }
  return { name, description } as ItemChanges;
}

interface Key {
  id: number;
  name?: string;
}

const lower = (name: string) => name.toLowerCase();
// Byte order of UTF-8, as the API's collation "C" compares.
const compareText = (a: string, b: string) => {
  const [x, y] = [new TextEncoder().encode(a), new TextEncoder().encode(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

function encodeCursor(direction: 'a' | 'b', key?: Key): string {
  const wire = key ? [direction, key.id, ...(key.name === undefined ? [] : [key.name])] : [direction];
  const binary = String.fromCharCode(...new TextEncoder().encode(JSON.stringify(wire)));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The cursor, or null when it is not one encodeCursor wrote. */
function decodeCursor(text: string): { direction: 'a' | 'b'; key?: Key } | null {
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const wire: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (!Array.isArray(wire) || (wire[0] !== 'a' && wire[0] !== 'b')) return null;
    const [direction, id, name] = wire as ['a' | 'b', number?, string?];
    const key = id === undefined ? undefined : { id, ...(name === undefined ? {} : { name }) };
    return encodeCursor(direction, key) === text && (key || direction === 'b') ? { direction, key } : null;
  } catch {
    return null;
  }
}

/**
 * An in-memory API that keeps the real one's contract: its paths, paging, 201/200/204, and its 400s
 * (limits and messages), 404s and 409s. `items` is the live store.
 */
export function fakeApi(seed: Item[]) {
  const items = [...seed];
  let nextId = Math.max(0, ...seed.map((i) => i.id)) + 1;

  const duplicate = (name: string | undefined, id?: number) =>
    items.some((i) => i.name === name && i.id !== id)
      ? problem(409, 'Conflict', apiMessages.duplicate(String(name)))
      : undefined;

  // Paging by keyset, as the API does: the list in id order; a search (names starting with q, in any
  // case) in name order, then id. Cursors in the API's own form (base64url of a JSON array).
  const list = (query: URLSearchParams) => {
    const limit = query.get('limit') ?? '20';
    if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE_SIZE) {
      return problem(400, 'Bad Request', apiMessages.limit, { limit: [apiMessages.limit] });
    }
    if (query.has('offset')) return problem(400, 'Bad Request', apiMessages.offset, { offset: [apiMessages.offset] });
    const q = normalise(query.get('q') ?? '') as string;
    if (chars(q) > NAME_MAX_CHARS) return problem(400, 'Bad Request', apiMessages.q, { q: [apiMessages.q] });
    const cursor = query.has('cursor') ? decodeCursor(query.get('cursor') ?? '') : undefined;
    if (cursor === null || (cursor?.key && (cursor.key.name !== undefined) !== (q !== ''))) {
      return problem(400, 'Bad Request', apiMessages.cursor, { cursor: [apiMessages.cursor] });
    }
    const keyOf = (i: Item): Key => (q ? { id: i.id, name: i.name } : { id: i.id });
    const order = (a: Key, b: Key) => (q ? compareText(lower(a.name ?? ''), lower(b.name ?? '')) : 0) || a.id - b.id;
    const matching = items
      .filter((i) => lower(i.name).startsWith(lower(q)))
      .map((i) => ({ item: i, key: keyOf(i) }))
      .sort((a, b) => order(a.key, b.key));
    const size = Number(limit);
    const cursorOf = (direction: 'a' | 'b', key: Key) => encodeCursor(direction, key);
    const page = (found: typeof matching, next: string | null, prev: string | null) =>
      Response.json({ items: found.map((m) => m.item), limit: size, next, prev, last: encodeCursor('b') });
    if (cursor?.direction === 'b') {
      const before = matching.filter((m) => !cursor.key || order(m.key, cursor.key) < 0);
      const found = before.slice(-size);
      if (found.length > 0) {
        return page(
          found,
          cursor.key ? cursorOf('a', found[found.length - 1].key) : null,
          before.length > size ? cursorOf('b', found[0].key) : null,
        );
      }
    }
    const after = cursor?.direction === 'a' ? matching.filter((m) => order(m.key, cursor.key!) > 0) : matching;
    const found = after.slice(0, size);
    const prev =
      cursor?.direction === 'a' ? (found.length > 0 ? cursorOf('b', found[0].key) : encodeCursor('b')) : null;
    return page(found, after.length > size ? cursorOf('a', found[found.length - 1].key) : null, prev);
  };

  const create = (body: ItemChanges | Response) => {
    if (body instanceof Response) return body;
    const refused = duplicate(body.name);
    if (refused) return refused;
    const now = new Date().toISOString();
    const created = { ...item(nextId++, String(body.name), body.description ?? null), createdAt: now, updatedAt: now };
    items.push(created);
    return Response.json(created, { status: 201 });
  };

  const update = (index: number, changes: ItemChanges | Response) => {
    if (changes instanceof Response) return changes;
    const refused = changes.name === undefined ? undefined : duplicate(changes.name, items[index].id);
    if (refused) return refused;
    const { name = items[index].name, description = items[index].description } = changes;
    items[index] = { ...items[index], name, description, updatedAt: new Date().toISOString() };
    return Response.json(items[index]);
  };

  const handler: Handler = async (request) => {
    const url = new URL(request.url);
    // nginx passes /api/<path> on to the API as /<path>.
    const path = url.pathname.replace(/^\/api/, '');
    const [, id] = /^\/items\/(\d+)$/.exec(path) ?? [];
    const route = `${request.method} ${id ? '/items/:id' : path}`;
    const index = items.findIndex((i) => i.id === Number(id));
    switch (route) {
      case 'GET /status':
        return healthy();
      case 'GET /items':
        return list(url.searchParams);
      case 'POST /items':
        return create(readBody(await request.json(), false));
      case 'GET /items/:id':
      case 'PATCH /items/:id':
      case 'DELETE /items/:id':
        if (index < 0) return problem(404, 'Not Found', apiMessages.notFound(Number(id)));
        if (request.method === 'GET') return Response.json(items[index]);
        if (request.method === 'PATCH') return update(index, readBody(await request.json(), true));
        items.splice(index, 1);
        return new Response(null, { status: 204 });
      default:
        return problem(404, 'Not Found', `Cannot ${request.method} ${path}`);
    }
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

// The list keeps its place in the URL: each test starts from the page's own.
const startUrl = location.href;
afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(null, '', startUrl);
});
