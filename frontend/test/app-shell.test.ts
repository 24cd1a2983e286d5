import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../src/components/app-shell.js';
import { fakeApi, item, mount, stubFetch } from './support.js';

const box = (testId: string) => page.getByTestId(testId).element().getBoundingClientRect();

describe('<app-shell>', () => {
  afterEach(() => page.viewport(414, 896));

  it('lays out the landmarks and both panels', async () => {
    stubFetch(fakeApi([]).handler);
    mount('app-shell');

    await expect
      .element(page.getByRole('banner').getByRole('heading', { level: 1 }))
      .toHaveTextContent('Items — status');
    await expect.element(page.getByRole('main').getByTestId('status-overall')).toHaveAttribute('data-state', 'ok');
    await expect.element(page.getByRole('main').getByTestId('items-empty')).toBeVisible();
  });

  it('stacks the panels at 360 px without sideways scrolling, and sets them side by side at 1280 px', async () => {
    stubFetch(
      fakeApi([item(1, 'A name long enough to need wrapping on a narrow phone screen', 'x'.repeat(120))]).handler,
    );
    await page.viewport(360, 800);
    mount('app-shell');
    await expect.element(page.getByTestId('item-name')).toBeVisible();

    expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(360);
    expect(box('status').bottom).toBeLessThan(box('item').top);

    await page.viewport(1280, 800);
    await expect.poll(() => box('status').top).toBeLessThan(box('item').top);
    expect(box('status').right).toBeLessThan(box('item').left);
  });
});
