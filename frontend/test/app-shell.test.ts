import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../src/components/app-shell.js';
import { json, mount, stubFetch } from './support.js';

describe('<app-shell>', () => {
  it('lays out the landmarks and both panels', async () => {
    stubFetch({
      '/api/status': json({ status: 'ok', details: { database: { status: 'up' } } }),
      '/api/items': json([]),
    });
    mount('app-shell');

    await expect.element(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveTextContent('Items — status');
    await expect.element(page.getByRole('main').getByTestId('status-overall')).toHaveTextContent('Overall: ok');
    await expect.element(page.getByRole('main').getByTestId('items-empty')).toBeVisible();
  });
});
