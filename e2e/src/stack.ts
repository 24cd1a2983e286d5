import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { baseUrl } from './browser';
import { docker } from './docker';

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

/** Runs `docker compose` for the project e2e/run.sh started (COMPOSE_PROJECT_NAME, COMPOSE_FILE). */
export const compose = (...args: string[]): string => docker('compose', ...args);

/** GET through the front's nginx, as a browser would. */
export async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL(path, baseUrl()), { signal: AbortSignal.timeout(10_000) });
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
