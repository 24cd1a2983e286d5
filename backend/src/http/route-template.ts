import type { FastifyRequest } from 'fastify';

/**
 * The route a request matched, as declared (`/items/:id`), never the raw URL: a bounded set of values
 * for metric labels and log fields. Requests that matched no route (404s) share one value.
 */
export function routeTemplate(request: FastifyRequest): string {
  return request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
}
