// The API's OpenAPI document, built from the controllers and DTOs without a database.
//   node dist/openapi.js           writes openapi.json (npm run openapi)
//   node dist/openapi.js --check   exits 1 when the committed openapi.json differs (npm run openapi:check)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { createHttpAdapter } from './app.setup';
import { loadConfig } from './config/config';

const PACKAGE_DIR = join(__dirname, '..');
const DOCUMENT_FILE = join(PACKAGE_DIR, 'openapi.json');

/** The document as committed: the same code gives the same bytes. */
export async function openApiDocument(): Promise<string> {
  // Preview mode builds the module graph without instantiating a provider: nothing connects, so the
  // database settings only need to pass validation.
  const config = loadConfig({ DB_HOST: 'unused', DB_NAME: 'unused', DB_USER: 'unused', DB_PASSWORD: 'unused' });
  const app = await NestFactory.create(AppModule.forRoot(config), createHttpAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const { name, version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const info = new DocumentBuilder()
    .setTitle(name)
    .setDescription('Items and health of the three-tier app. Reached through the front at /api/. See README.md.')
    .setVersion(version)
    .build();
  const document = SwaggerModule.createDocument(app, info);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(check: boolean): Promise<void> {
  const document = await openApiDocument();
  if (!check) {
    writeFileSync(DOCUMENT_FILE, document);
    console.log(`openapi: wrote ${DOCUMENT_FILE}`);
  } else if (readFileSync(DOCUMENT_FILE, 'utf8') !== document) {
    console.error(`openapi: ${DOCUMENT_FILE} does not match the code: run npm run openapi and commit it`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main(process.argv.includes('--check'));
