import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { appOptions, configureApp, createHttpAdapter } from '../../src/app.setup';
import { loadConfig } from '../../src/config/config';
import { type DatabaseConnection, databaseEnv } from './test-database';

/**
 * The production app (same module, same configureApp, same config validation) on the given database,
 * not listening. `env` adds or overrides variables; logs are errors only unless LOG_LEVEL says otherwise.
 */
export async function createTestApp(
  database: DatabaseConnection,
  env: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  // The heap check reads this Jest process, which holds every test file's modules at once: its
  // heap says nothing of the API's. Tests of the check itself set the limit they need.
  const config = loadConfig({ LOG_LEVEL: 'error', HEALTH_HEAP_LIMIT_MB: '2048', ...databaseEnv(database), ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), appOptions(config)),
    config,
  );
  await app.init();
  // Supertest sends to the Node server: Fastify answers once its plugins are loaded.
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
