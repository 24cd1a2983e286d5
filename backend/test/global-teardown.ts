import { TEARDOWN_KEY, type Teardown } from './global-setup';

/** Drops the test database and its roles, and stops the embedded server (removing its directory). */
export default async function globalTeardown(): Promise<void> {
  await ((globalThis as Record<string, unknown>)[TEARDOWN_KEY] as Teardown | undefined)?.();
}
