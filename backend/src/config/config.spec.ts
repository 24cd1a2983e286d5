import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const REQUIRED = { DB_HOST: 'db', DB_NAME: 'app', DB_USER: 'app_api', DB_PASSWORD: 's3cret-value' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-spec-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the defaults', () => {
    expect(loadConfig(REQUIRED)).toEqual({
      port: 3000,
      logLevel: 'log',
      corsOrigins: [],
      heapLimitBytes: 256 * 1024 * 1024,
      shutdownDrainMs: 5000,
      database: {
        host: 'db',
        port: 5432,
        name: 'app',
        user: 'app_api',
        password: 's3cret-value',
        schema: 'app',
        poolSize: 10,
        connectTimeoutMs: 2000,
        statementTimeoutMs: 5000,
        queryTimeoutMs: 6000,
      },
      deployment: { apiReplicas: 2, apiPoolSize: 10 },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...REQUIRED,
      PORT: '8081',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      HEALTH_HEAP_LIMIT_MB: '128',
      SHUTDOWN_DRAIN_MS: '0',
      DB_PORT: '6543',
      DB_SCHEMA: 'shop',
      DB_POOL_SIZE: '4',
      DB_CONNECT_TIMEOUT_MS: '500',
      DB_STATEMENT_TIMEOUT_MS: '0',
      API_REPLICAS: '3',
      API_DB_POOL_SIZE: '5',
    });

    expect(config).toEqual({
      port: 8081,
      logLevel: 'debug',
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      heapLimitBytes: 128 * 1024 * 1024,
      shutdownDrainMs: 0,
      database: expect.objectContaining({
        port: 6543,
        schema: 'shop',
        poolSize: 4,
        connectTimeoutMs: 500,
        statementTimeoutMs: 0,
      }),
      deployment: { apiReplicas: 3, apiPoolSize: 5 },
    });
  });

  it.each(Object.keys(REQUIRED))('names %s when it is missing or empty', (name) => {
    expect(problemsOf({ ...REQUIRED, [name]: '' })).toContain(`${name} is required`);
    const { [name as keyof typeof REQUIRED]: _, ...withoutIt } = REQUIRED;
    expect(problemsOf(withoutIt)).toContain(`${name} is required`);
  });

  it('lists every problem at once', () => {
    const message = problemsOf({});

    for (const name of Object.keys(REQUIRED)) expect(message).toContain(`${name} is required`);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '3000x'],
    ['PORT', '0'],
    ['DB_PORT', '65536'],
    ['DB_PORT', '-1'],
    ['DB_PORT', '5432.5'],
  ])('rejects %s=%s', (name, value) => {
    expect(problemsOf({ ...REQUIRED, [name]: value })).toContain(`${name} must be a TCP port`);
  });

  it.each([
    ['HEALTH_HEAP_LIMIT_MB', '0'],
    ['HEALTH_HEAP_LIMIT_MB', '256MB'],
    ['SHUTDOWN_DRAIN_MS', '20001'],
    ['SHUTDOWN_DRAIN_MS', '-1'],
    ['DB_POOL_SIZE', '0'],
    ['DB_CONNECT_TIMEOUT_MS', '2s'],
    ['DB_STATEMENT_TIMEOUT_MS', '1.5'],
    ['DB_QUERY_TIMEOUT_MS', '-1'],
    ['API_REPLICAS', '0'],
    ['API_DB_POOL_SIZE', '101'],
  ])('rejects %s=%s, naming it', (name, value) => {
    expect(problemsOf({ ...REQUIRED, [name]: value })).toContain(`${name} must be an integer`);
  });

  it.each([
    ['5000', '5000'],
    ['5000', '1000'],
  ])(
    'rejects DB_STATEMENT_TIMEOUT_MS=%s with DB_QUERY_TIMEOUT_MS=%s: PostgreSQL must cancel a slow statement first',
    (statement, query) => {
      expect(problemsOf({ ...REQUIRED, DB_STATEMENT_TIMEOUT_MS: statement, DB_QUERY_TIMEOUT_MS: query })).toContain(
        'DB_QUERY_TIMEOUT_MS must be more than DB_STATEMENT_TIMEOUT_MS, or 0',
      );
    },
  );

  it('rejects an unknown LOG_LEVEL', () => {
    expect(problemsOf({ ...REQUIRED, LOG_LEVEL: 'info' })).toContain(
      'LOG_LEVEL must be one of verbose, debug, log, warn, error, fatal, got "info"',
    );
  });

  it.each(['app.example.com', 'https://app.example.com/', 'https://app.example.com/path'])(
    'rejects CORS_ORIGINS=%s',
    (origin) => {
      expect(problemsOf({ ...REQUIRED, CORS_ORIGINS: `https://ok.example.com,${origin}` })).toContain(
        `CORS_ORIGINS must list origins such as https://app.example.com (no path, no trailing /), got "${origin}"`,
      );
    },
  );

  it.each(['app-schema', '1app', 'a'.repeat(64), 'app"; DROP'])('rejects DB_SCHEMA=%s', (schema) => {
    expect(problemsOf({ ...REQUIRED, DB_SCHEMA: schema })).toContain('DB_SCHEMA must be a plain SQL identifier');
  });

  describe('DB_PASSWORD_FILE', () => {
    const { DB_PASSWORD: _, ...withoutPassword } = REQUIRED;

    it('reads the secret from the file, without its trailing newline', () => {
      const file = join(dir, 'password');
      writeFileSync(file, 'from file \n');

      expect(loadConfig({ ...withoutPassword, DB_PASSWORD_FILE: file }).database.password).toBe('from file ');
    });

    it('names the variable when the file cannot be read', () => {
      expect(problemsOf({ ...withoutPassword, DB_PASSWORD_FILE: join(dir, 'missing') })).toContain(
        'DB_PASSWORD_FILE cannot be read',
      );
    });

    it('rejects an empty file', () => {
      const file = join(dir, 'empty');
      writeFileSync(file, '\n');

      expect(problemsOf({ ...withoutPassword, DB_PASSWORD_FILE: file })).toContain(
        'DB_PASSWORD_FILE points to an empty file',
      );
    });

    it('rejects DB_PASSWORD and DB_PASSWORD_FILE together, without printing the secret', () => {
      const message = problemsOf({ ...REQUIRED, DB_PASSWORD_FILE: join(dir, 'password') });

      expect(message).toContain('set either DB_PASSWORD or DB_PASSWORD_FILE, not both');
      expect(message).not.toContain(REQUIRED.DB_PASSWORD);
    });
  });
});
