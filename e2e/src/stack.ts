import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { compose } from './docker';

/** The repository's root, where the Makefile's scripts live. */
export const repoRoot = resolve(__dirname, '../..');

/** Runs one of the repository's scripts (backup, restore) against the stack under test. */
export function runScript(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(resolve(repoRoot, 'scripts', script), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The front's URL: where e2e/run.sh published the stack under test. */
export const baseUrl = (): string => process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';

/** A request through the front's nginx, as a browser would send it, that gives up after 10 s. */
export const request = (path: string, init?: RequestInit): Promise<Response> =>
  fetch(new URL(path, baseUrl()), { signal: AbortSignal.timeout(10_000), ...init });

/** POST of a JSON body through the front. */
export const postJson = (path: string, body: unknown): Promise<Response> =>
  request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** GET through the front, with the body as text. */
export async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await request(path);
  return { status: response.status, body: await response.text() };
}

/** Polls `check` until it returns true, or fails with `what` after `ms`. */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** psql as the superuser inside the db container; the password never leaves the container. */
export function psql(sql: string): string {
  return compose(
    'exec',
    '-T',
    'db',
    'sh',
    '-c',
    'PGPASSWORD="$(cat /run/secrets/db_superuser_password)" exec psql -U postgres -d "$POSTGRES_DB" -qAt -v ON_ERROR_STOP=1 -c "$0"',
    sql,
  );
}
