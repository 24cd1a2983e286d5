import type { Browser } from 'playwright-core';
import { healthState, launchChromium, openFront, type OpenedPage } from '../src/front';
import { eventually } from '../src/stack';

// The page a person opens at the front's URL, in a real Chromium, through nginx and its
// Content-Security-Policy to the API and PostgreSQL, on a fresh database. Playwright's locators
// pierce the components' open shadow roots.
let browser: Browser;
let opened: OpenedPage;

beforeAll(async () => {
  browser = await launchChromium();
  opened = await openFront(browser);
});

afterAll(async () => {
  await browser?.close();
});

test('shows the API as up, with its database check', async () => {
  await healthState(opened.page, 'ok', 15_000);
  const database = opened.page.locator('[data-testid="status-check"][data-check="database"]');
  await expect(database.getAttribute('data-state')).resolves.toBe('up');
});

test('lists the two sample items read from PostgreSQL', async () => {
  await opened.page.getByTestId('items').waitFor({ timeout: 15_000 });
  const names = await opened.page.getByTestId('item-name').allTextContents();
  expect(names.map((n) => n.trim())).toEqual(['Getting started', 'Hardened by default']);
});

test('loads with zero console errors, zero CSP violations and no request to another origin', () => {
  expect(opened.problems).toEqual([]);
});

test('the check above would see a CSP violation (control)', async () => {
  const control = await openFront(browser);
  await control.page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
  });
  await eventually(
    'the inline style to be reported',
    () => Promise.resolve(control.problems.some((p) => p.startsWith('CSP: style-src'))),
    5_000,
  );
  await control.page.close();
});
