import { type INestApplication, ValidationPipe } from '@nestjs/common';
import helmet from 'helmet';

/** Everything main.ts applies to the app, shared with the tests so they exercise the same stack. */
export function configureApp<T extends INestApplication>(app: T): T {
  app.use(helmet());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  // SIGTERM closes the HTTP server and the database pool before the process exits.
  app.enableShutdownHooks();
  return app;
}
