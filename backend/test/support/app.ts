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
  const config = loadConfig({ LOG_LEVEL: 'error', ...databaseEnv(database), ...env });
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
