import type { Request } from 'express';

/**
 * The route a request matched, as declared (`/items/:id`), never the raw URL: a bounded set of values
 * for metric labels and log fields. Requests that matched no route (404s, or refused before routing:
 * 413, 415, malformed JSON) share one value.
 */
export function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}
