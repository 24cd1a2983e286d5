/** Typed fetch helpers for the API, reached same-origin through nginx's /api/ proxy. */

/** One Terminus health indicator, e.g. `database: { status: 'up' }`. */
export interface HealthCheck {
  status: string;
  message?: string;
  [detail: string]: unknown;
}

/** Terminus health report: HTTP 200 when every check is up, 503 otherwise. */
export interface ApiStatus {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, HealthCheck>;
  error?: Record<string, HealthCheck>;
  details: Record<string, HealthCheck>;
}

export interface Item {
  id: number | string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

/** No answer from the API itself: a network failure, or a non-JSON reply such as nginx's 502 page. */
export class ApiUnreachableError extends Error {
  override name = 'ApiUnreachableError';
}

/** The API answered with an error status. */
export class ApiHttpError extends Error {
  override name = 'ApiHttpError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

interface ApiReply {
  response: Response;
  body: unknown;
}

async function request(path: string, signal: AbortSignal): Promise<ApiReply> {
  try {
    const response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
    if (!response.headers.get('Content-Type')?.includes('application/json')) {
      throw new ApiUnreachableError(`Not an API reply (HTTP ${response.status})`);
    }
    return { response, body: await response.json() };
  } catch (error) {
    // An abort belongs to @lit/task, which drops the stale run.
    if (signal.aborted || error instanceof ApiUnreachableError) throw error;
    throw new ApiUnreachableError('API unreachable', { cause: error });
  }
}

function httpError({ response, body }: ApiReply): ApiHttpError {
  const message = (body as { message?: unknown } | null)?.message;
  return new ApiHttpError(response.status, typeof message === 'string' ? message : response.statusText);
}

function isApiStatus(body: unknown): body is ApiStatus {
  const { status, details } = (body ?? {}) as Partial<ApiStatus>;
  return typeof status === 'string' && typeof details === 'object' && details !== null;
}

export async function fetchStatus(signal: AbortSignal): Promise<ApiStatus> {
  const reply = await request('/api/status', signal);
  const { response, body } = reply;
  // A 503 with a health report is a valid answer: some check is down.
  if ((response.ok || response.status === 503) && isApiStatus(body)) return body;
  throw httpError(reply);
}

export async function fetchItems(signal: AbortSignal): Promise<Item[]> {
  const reply = await request('/api/items', signal);
  if (!reply.response.ok || !Array.isArray(reply.body)) throw httpError(reply);
  return reply.body as Item[];
}

/** A short, user-facing description of a failed request. */
export function describeError(error: unknown): string {
  if (error instanceof ApiUnreachableError) return 'API unreachable';
  if (error instanceof ApiHttpError) return `API error (HTTP ${error.status})`;
  return 'Unexpected error';
}
