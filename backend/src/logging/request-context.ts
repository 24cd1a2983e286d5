import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeTemplate } from '../http/route-template';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'X-Request-Id';
// The same rule as the front's nginx, so an id it forwards is kept as is.
const WELL_FORMED_ID = /^[A-Za-z0-9._-]{1,128}$/;
// Probes and scrapes arrive every few seconds: logged at debug, so the log shows real traffic.
const PROBE_ROUTES = new Set(['/status', '/status/live', '/metrics']);

const logger = new Logger('HTTP');

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

/**
 * First middleware of the app: gives the request an id (the client's, when well formed), echoes it,
 * runs the rest of the request inside its context, and writes one access log line when it ends:
 * method, route, status, duration. Never the body, the query string or headers.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get(REQUEST_ID_HEADER);
  const requestId = incoming && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  const started = process.hrtime.bigint();
  storage.run({ requestId }, () => {
    // 'close' comes after the response is sent, or when the client gave up first.
    res.once(
      'close',
      AsyncLocalStorage.bind(() => {
        const route = routeTemplate(req);
        const line = {
          method: req.method,
          path: req.path,
          route,
          status: res.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          ...(res.writableFinished ? {} : { aborted: true }),
        };
        if (PROBE_ROUTES.has(route)) logger.debug('request', line);
        else logger.log('request', line);
      }),
    );
    next();
  });
}
