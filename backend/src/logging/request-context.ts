import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeTemplate } from '../http/route-template';
import { logRecord } from './log-output';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'X-Request-Id';
// The same rule as the front's nginx, so an id it forwards is kept as is.
const WELL_FORMED_ID = /^[A-Za-z0-9._-]{1,128}$/;
// Probes and scrapes arrive every few seconds: logged at debug, so the log shows real traffic.
const PROBE_ROUTES = new Set(['/status', '/status/live', '/metrics']);

/** The id of the request being served, for every log line written while serving it. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Runs `fn` outside any request context. For events a request only set in motion: a pooled database
 * connection, opened while serving one request, that breaks minutes later belongs to none.
 */
export function outsideRequest<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** Fastify's `genReqId`: the client's id when well formed (the front's nginx sets one), else a UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * One access line a request: method, path, route, status, duration, and the id (explicit: the line is
 * written from the response's 'close' event, outside the request's context). Never the body, the
 * query string or headers.
 */
function logAccess(request: FastifyRequest, reply: FastifyReply): void {
  const route = routeTemplate(request);
  const { url } = request;
  const query = url.indexOf('?');
  logRecord(PROBE_ROUTES.has(route) ? 'debug' : 'log', 'HTTP', 'request', {
    requestId: request.id,
    method: request.method,
    path: query === -1 ? url : url.slice(0, query),
    route,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
    ...(!reply.raw.writableFinished && { aborted: true }),
  });
}

/**
 * Gives every request its context: its id (`request.id`, from requestIdOf) echoed in X-Request-Id on
 * every answer, errors and 404s included; the rest of the request runs inside the context, so each
 * log line written meanwhile carries the id; one access line once the answer is sent, or once the
 * client gave up first.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    // 'close' comes after the response is sent, or when the client gave up first.
    reply.raw.on('close', () => logAccess(request, reply));
    storage.run({ requestId: request.id }, done);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done(null, payload);
  });
}
