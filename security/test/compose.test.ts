// loadCompose: the model is the one `docker compose config` builds, with the environment given.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCompose } from '../src/compose.ts';
import { composeEnv } from './env.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'compose');
const readOnly = (dir: string, env: NodeJS.ProcessEnv) =>
  loadCompose(dir, ['read-only-variable.yml'], env).services?.app?.read_only;

describe('loadCompose', () => {
  it('interpolates with the environment it is given', () => {
    assert.equal(readOnly(fixtures, composeEnv()), true);
    // Compose leaves false out of its model.
    assert.equal(readOnly(fixtures, composeEnv({ RO: 'false' })), undefined);
  });

  it("reads the project's .env file, as docker compose up does", () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    try {
      copyFileSync(join(fixtures, 'read-only-variable.yml'), join(dir, 'read-only-variable.yml'));
      writeFileSync(join(dir, '.env'), 'RO=false\n');
      const { COMPOSE_DISABLE_ENV_FILE, ...withDotEnv } = composeEnv();
      assert.equal(COMPOSE_DISABLE_ENV_FILE, '1');
      assert.equal(readOnly(dir, withDotEnv), undefined);
      assert.equal(readOnly(dir, composeEnv()), true);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('merges overlays in the order given', () => {
    const files = ['valid.yml', 'prod/log-rotation.yml'];
    assert.deepEqual(loadCompose(fixtures, files, composeEnv()).services?.app?.logging, { driver: 'json-file' });
    assert.equal(
      loadCompose(fixtures, files.slice(0, 1), composeEnv()).services?.app?.logging?.options?.['max-size'],
      '10m',
    );
  });

  it('names the files and gives Compose’s reason when they do not make a model', () => {
    assert.throws(
      () => loadCompose(fixtures, ['valid.yml', 'missing.yml'], composeEnv()),
      /^Error: valid\.yml \+ missing\.yml: docker compose config failed: .*missing\.yml/,
    );
  });
});
