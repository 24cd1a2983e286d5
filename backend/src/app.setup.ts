import type { NestApplicationOptions, SecurityHeadersOptions } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from './config/config';
import { ErrorFilter, errorBody } from './http/error.filter';
import { BODY_LIMIT_BYTES, registerJsonBody } from './http/json-body';
import { createValidationPipe } from './http/validation';
import { AppLogger } from './logging/app-logger';
import { REQUEST_ID_HEADER, registerRequestContext, requestIdOf } from './logging/request-context';
import { MetricsService } from './metrics/metrics.service';

/**
 * The HTTP layer: Fastify, whose overhead per request is a fraction of Express's (the figures:
 * README.md, "Performance"). Routing as Express did it: paths case-insensitive, a trailing slash
 * ignored. No Nest middleware is used, so middie (Fastify's Express-style middleware) is left out.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    genReqId: requestIdOf,
    requestIdHeader: false,
    skipMiddie: true,
    // The router refuses a malformed URL (400) or an over-long parameter (414) before any hook or
    // error handler runs: answered here in the API's error shape, with the request id (Nest's
    // default here would add its security headers, but answer in Fastify's own shape).
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      void reply.code(status).header(REQUEST_ID_HEADER, request.id).send(errorBody(status, error.message));
    },
  });
}

/**
 * The headers that matter for answers that are JSON, never a page (OWASP REST Security Cheat Sheet),
 * set by Nest itself on every answer, 404s and errors included: nothing may render, frame or sniff
 * them, nor read them from another site. Helmet's others are for HTML pages; HSTS is the site's
 * decision, sent by the edge alone (HSTS_MAX_AGE); the front's nginx sends the page's own.
 */
const API_SECURITY_HEADERS: SecurityHeadersOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  xContentTypeOptions: true,
  xFrameOptions: { action: 'deny' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** Options to create the app with, in main.ts and in the tests. */
export function appOptions(config: AppConfig): NestApplicationOptions {
  return {
    logger: new AppLogger(config.logLevel),
    // configureApp installs the one body parser (JSON, size-limited); Nest's defaults would add a
    // urlencoded one.
    bodyParser: false,
  };
}

/** Everything main.ts applies to the app, shared with the tests so they exercise the same stack. */
export function configureApp(app: NestFastifyApplication, config: AppConfig): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  // Order matters: the request id and the metrics see every request, even one refused by a later step.
  registerRequestContext(fastify);
  app.get(MetricsService).observe(fastify);
  app.useSecurityHeaders(API_SECURITY_HEADERS);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: 'GET,POST,PATCH,DELETE',
      allowedHeaders: ['Content-Type', REQUEST_ID_HEADER],
      exposedHeaders: ['Location', REQUEST_ID_HEADER],
      maxAge: 600,
    });
  }
  registerJsonBody(fastify);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  // The graceful shutdown on SIGTERM is described once, in README.md ("Behaviour under failure").
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}
