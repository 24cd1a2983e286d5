import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/browser';
import { healthState, openFront, type OpenedPage } from '../src/front';
import { eventually } from '../src/stack';

// The page as a person opens it, through nginx and its Content-Security-Policy.
let browser: Browser;
let opened: OpenedPage;

beforeAll(async () => {
  browser = await launchChromium();
  opened = await openFront(browser);
});

afterAll(async () => {
  await browser?.close();
});

test('loads the health panel and the items', async () => {
  await healthState(opened.page, 'ok', 15_000);
  await opened.page.getByTestId('items').waitFor({ timeout: 15_000 });
  expect(await opened.page.getByTestId('item-name').count()).toBeGreaterThan(0);
});

test('loads with zero console errors, zero CSP violations and no request to another origin', () => {
  expect(opened.problems).toEqual([]);
});

test('the CSP check above would see a violation (control)', async () => {
  const control = await openFront(browser);
  await control.page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
  });
  await eventually(
    'the inline style to be reported',
    async () => control.problems.some((p) => p.startsWith('CSP: style-src')),
    5_000,
  );
  await control.page.close();
});
