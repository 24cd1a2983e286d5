import type { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from './config/config';
import { ErrorFilter } from './http/error.filter';
import { jsonBody } from './http/json-body';
import { createValidationPipe } from './http/validation';
import { AppLogger } from './logging/app-logger';
import { REQUEST_ID_HEADER, requestContext } from './logging/request-context';
import { MetricsService } from './metrics/metrics.service';

/** Options to create the app with, in main.ts and in the tests. */
export function appOptions(config: AppConfig): NestApplicationOptions {
  return {
    logger: new AppLogger(config.logLevel),
    // configureApp installs the one body parser (JSON, size-limited); Nest's defaults would add a
    // urlencoded one and a 100 kB limit.
    bodyParser: false,
  };
}

/** Everything main.ts applies to the app, shared with the tests so they exercise the same stack. */
export function configureApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  // Order matters: the request id and the metrics see every request, even one refused by a later step.
  app.use(requestContext);
  app.use(app.get(MetricsService).observeRequests);
  app.disable('x-powered-by');
  app.use(helmet());
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Content-Type', REQUEST_ID_HEADER],
      exposedHeaders: ['Location', REQUEST_ID_HEADER],
      maxAge: 600,
    });
  }
  app.use(jsonBody);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  // The graceful shutdown on SIGTERM is described once, in README.md ("Behaviour under failure").
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}
