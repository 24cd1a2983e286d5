import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// Use the machine's Chromium (never a downloaded one); elsewhere Playwright's own browser.
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      unstubGlobals: true,
      // Jest-compatible JSON (numPassedTests, numFailedTests) for CI.
      reporters: ['default', 'json'],
      outputFile: { json: 'reports/test-results.json' },
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: existsSync(chromePath) ? chromePath : undefined,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  }),
);
