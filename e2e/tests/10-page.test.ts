import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchChromium } from '../src/browser';

// The page a person opens at the front's URL, in a real Chromium, through nginx to the API and
// PostgreSQL. Playwright's locators pierce the components' open shadow roots.
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(baseUrl());
});

afterAll(async () => {
  await browser?.close();
});

test('shows the API as up, with its database check', async () => {
  await page.waitForSelector('[data-testid="status-overall"][data-state="ok"]', { timeout: 15_000 });
  const database = page.locator('[data-testid="status-check"][data-check="database"]');
  await expect(database.getAttribute('data-state')).resolves.toBe('up');
});

test('lists the two sample items read from PostgreSQL', async () => {
  await page.getByTestId('items').waitFor({ timeout: 15_000 });
  const names = await page.getByTestId('item-name').allTextContents();
  expect(names.map((n) => n.trim())).toEqual(['Getting started', 'Hardened by default']);
});

test('loads without console errors', () => {
  expect(problems).toEqual([]);
});
