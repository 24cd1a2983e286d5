/** Typed fetch helpers for the API, reached same-origin through nginx's /api/ proxy. */
// The types come from the API's OpenAPI document (npm run openapi regenerates them).
import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];
type Readiness = operations['HealthController_readiness']['responses'];

/** Terminus health report: HTTP 200 (`ok`, `degraded`), or 503 when a check is down or while shutting down. */
export type ApiStatus = Readiness[200]['content']['application/json'] | Readiness[503]['content']['application/json'];

/** One Terminus health indicator, e.g. `database: { status: 'up' }`. */
export type HealthCheck = NonNullable<ApiStatus['details']>[string];

export type Item = Schemas['ItemDto'];
export type ItemPage = Schemas['ItemPageDto'];
export type NewItem = Schemas['CreateItemDto'];
export type ItemChanges = Schemas['UpdateItemDto'];

/** Every error answer: the API's, and nginx's own (413, 429, 502, 504), which take the same shape. */
type ErrorBody = Schemas['ErrorBody'];

/** Validation messages by field, as the API sends them with a 400. */
export type FieldErrors = Partial<NonNullable<ErrorBody['fields']>>;

/**
 * No answer from the API itself: a network failure, a timeout, nginx's 502/504 (the API never
 * answers those itself), or a reply that is not JSON.
 */
export class ApiUnreachableError extends Error {
  override name = 'ApiUnreachableError';
}

/** The API (or nginx's limits: 413, 429) answered with an error status. */
export class ApiHttpError extends Error {
  override name = 'ApiHttpError';

  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

/** Shorter than the status panel's refresh interval, so a hung request never blocks the next check. */
export const REQUEST_TIMEOUT_MS = 8_000;

/** nginx's answers when it cannot reach the API; the API never sends these itself. */
const GATEWAY_ERRORS = new Set([502, 504]);

interface Reply {
  response: Response;
  body: unknown;
}

/** Sends one request; rejects with ApiUnreachableError unless the API itself answered. */
async function send(method: string, path: string, signal?: AbortSignal, json?: unknown): Promise<Reply> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (response.status === 204) return { response, body: undefined };
    const isJson = response.headers.get('Content-Type')?.includes('application/json');
    const body: unknown = isJson ? await response.json() : undefined;
    if (!isJson || GATEWAY_ERRORS.has(response.status)) {
      // nginx says which: "API unreachable" or "API did not answer in time".
      const message = (body as { message?: unknown } | undefined)?.message;
      throw new ApiUnreachableError(
        `${typeof message === 'string' ? message : 'No answer from the API'} (HTTP ${response.status})`,
      );
    }
    return { response, body };
  } catch (error) {
    // The caller's abort belongs to the caller: @lit/task drops the superseded run.
    if (signal?.aborted || error instanceof ApiUnreachableError) throw error;
    const message = timeout.aborted ? 'API did not answer in time' : 'API unreachable';
    throw new ApiUnreachableError(message, { cause: error });
  }
}

function httpError({ response, body }: Reply): ApiHttpError {
  // Read defensively all the same: a proxy in between may answer JSON of another shape.
  const { message, fields } = (body ?? {}) as Partial<Record<keyof ErrorBody, unknown>>;
  return new ApiHttpError(
    response.status,
    typeof message === 'string' ? message : response.statusText,
    typeof fields === 'object' && fields !== null ? fields : {},
  );
}

async function request(method: string, path: string, signal?: AbortSignal, json?: unknown): Promise<unknown> {
  const reply = await send(method, path, signal, json);
  if (!reply.response.ok) throw httpError(reply);
  return reply.body;
}

function isApiStatus(body: unknown): body is ApiStatus {
  return typeof (body as Partial<ApiStatus> | null)?.status === 'string';
}

export async function fetchStatus(signal: AbortSignal): Promise<ApiStatus> {
  const reply = await send('GET', '/api/status', signal);
  // A 503 with a health report is a valid answer: a check is down, or the API is shutting down.
  if ((reply.response.ok || reply.response.status === 503) && isApiStatus(reply.body)) return reply.body;
  throw httpError(reply);
}

/** Which page of items: `limit` of them from `cursor` (a page's next, prev or last), named starting with `q`. */
export interface ItemsQuery {
  limit: number;
  q?: string;
  cursor?: string;
}

export function fetchItems({ limit, q, cursor }: ItemsQuery, signal: AbortSignal): Promise<ItemPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (q) query.set('q', q);
  if (cursor) query.set('cursor', cursor);
  return request('GET', `/api/items?${query}`, signal) as Promise<ItemPage>;
}

export const createItem = (item: NewItem) => request('POST', '/api/items', undefined, item) as Promise<Item>;

export const updateItem = (id: number, changes: ItemChanges) =>
  request('PATCH', `/api/items/${id}`, undefined, changes) as Promise<Item>;

export const deleteItem = (id: number) => request('DELETE', `/api/items/${id}`) as Promise<void>;

/** A short, user-facing description of a failed request. */
export function describeError(error: unknown): string {
  if (error instanceof ApiUnreachableError) return error.message;
  if (error instanceof ApiHttpError) return `${error.message} (HTTP ${error.status})`;
  return 'Unexpected error';
}
