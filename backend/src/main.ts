import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { appOptions, configureApp, createHttpAdapter } from './app.setup';
import { loadConfigOrExit } from './config/config';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(),
    appOptions(config),
  );
  configureApp(app, config);
  await app.listen(config.port, '0.0.0.0');
  const { user, host, port, name, schema } = config.database;
  new Logger('Bootstrap').log(
    `listening on 0.0.0.0:${config.port}; database ${user}@${host}:${port}/${name}, schema ${schema}`,
  );
}

void bootstrap();
