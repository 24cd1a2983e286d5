import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseUrl } from './stack';

/** Debian's Chromium (CHROME_PATH), headless, with no background traffic to the outside. */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: set CHROME_PATH`);
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** The headers nginx must put on every response of the front, errors included. */
export function expectSecurityHeaders(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  for (const directive of [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('permissions-policy')).toMatch(/camera=\(\)/);
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(headers.get('server')).toBe('nginx');
}

export interface OpenedPage {
  page: Page;
  /** Console errors, page errors, CSP violations and requests to another origin, as they happen. */
  problems: string[];
}

/** Opens the front (at `url`: the stack under test's by default) in a new page that records every problem a person would not see. */
export async function openFront(browser: Browser, url = baseUrl()): Promise<OpenedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const origin = new URL(url).origin;
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => new URL(req.url()).origin !== origin && problems.push(`request to ${req.url()}`));
  await page.exposeFunction('reportCspViolation', (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  await page.goto(url);
  return { page, problems };
}

/** The state the health panel shows (data-state of status-overall), once it is `state`. */
export const healthState = (page: Page, state: string, timeout: number) =>
  page.locator(`[data-testid="status-overall"][data-state="${state}"]`).waitFor({ timeout });
