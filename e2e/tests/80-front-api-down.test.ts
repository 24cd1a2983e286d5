import type { Browser, Page } from 'playwright-core';
import { compose } from '../src/docker';
import { expectSecurityHeaders, healthState, launchChromium, openFront } from '../src/front';
import { eventually, get, request } from '../src/stack';

// The API container stops under the open page, then comes back: the health panel follows by
// itself (it checks every 10 s), and nginx's 502 in between is JSON with the security headers.
let browser: Browser;
let page: Page;
const apiReady = async () => (await get('/api/status')).status === 200;

beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await openFront(browser));
  await healthState(page, 'ok', 15_000);
});

afterAll(async () => {
  await browser?.close();
  // Whatever failed above, the stack is left as it was found.
  compose('start', 'api');
  await eventually('the API to be ready again', apiReady, 90_000);
});

test('the health panel shows the API down when the api container stops', async () => {
  compose('stop', 'api');
  await healthState(page, 'unreachable', 45_000);
  expect(await page.getByTestId('status-overall').textContent()).toContain('Down');
  expect(await page.getByTestId('status-check').count()).toBe(0);
});

test("nginx's 502 is JSON and carries the security headers", async () => {
  const response = await request('/api/status');
  expect(response.status).toBe(502);
  expect(await response.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'API unreachable' });
  expectSecurityHeaders(response.headers);
});

test('the items show the API unreachable, with a Retry', async () => {
  await page.reload();
  await page.getByTestId('items-error').waitFor({ timeout: 15_000 });
  expect(await page.getByRole('alert').first().textContent()).toContain('Could not load items');
});

test('the health panel recovers by itself once the api container is back', async () => {
  compose('start', 'api');
  await eventually('the API to be ready again', apiReady, 90_000);
  await healthState(page, 'ok', 30_000);
  expect(await page.locator('[data-testid="status-check"][data-check="database"]').getAttribute('data-state')).toBe(
    'up',
  );

  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('items').waitFor({ timeout: 15_000 });
});
