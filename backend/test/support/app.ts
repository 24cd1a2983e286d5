import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module';
import { appOptions, configureApp } from '../../src/app.setup';
import { loadConfig } from '../../src/config/config';
import { type DatabaseConnection, databaseEnv } from './test-database';

/**
 * The production app (same module, same configureApp, same config validation) on the given database,
 * not listening. `env` adds or overrides variables; logs are errors only unless LOG_LEVEL says otherwise.
 * The heap check's limit is raised: the heap it measures is the test runner's, which holds every test
 * file's modules (it passes 256 MB, the default, within one run), not one API's.
 */
export async function createTestApp(
  database: DatabaseConnection,
  env: Record<string, string> = {},
): Promise<NestExpressApplication> {
  const config = loadConfig({ LOG_LEVEL: 'error', HEALTH_HEAP_LIMIT_MB: '4096', ...databaseEnv(database), ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = configureApp(moduleRef.createNestApplication<NestExpressApplication>(appOptions(config)), config);
  await app.init();
  return app;
}
