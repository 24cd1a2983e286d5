import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../src/components/status-panel.js';
import { html, json, mount, networkError, stubFetch } from './support.js';

const overall = page.getByTestId('status-overall');
const check = (name: string) => page.getByRole('listitem').filter({ hasText: name });

describe('<status-panel>', () => {
  it('shows ok and each check up', async () => {
    const fetchMock = stubFetch({
      '/api/status': json({
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      }),
    });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'ok');
    await expect.element(overall).toHaveTextContent('Overall: ok');
    await expect.element(check('database')).toHaveAttribute('data-state', 'up');
    await expect.element(check('database')).toHaveTextContent('database up');
    expect(fetchMock).toHaveBeenCalledWith('/api/status', expect.objectContaining({ signal: expect.any(AbortSignal) }));
  });

  it('shows error and the failing check on 503', async () => {
    stubFetch({
      '/api/status': json(
        {
          status: 'error',
          info: {},
          error: { database: { status: 'down', message: 'timeout exceeded' } },
          details: { database: { status: 'down', message: 'timeout exceeded' } },
        },
        503,
      ),
    });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'error');
    await expect.element(check('database')).toHaveAttribute('data-state', 'down');
    await expect.element(check('database')).toHaveTextContent('database down timeout exceeded');
  });

  it('shows unreachable on a network failure', async () => {
    stubFetch({ '/api/status': networkError });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'unreachable');
    await expect.element(overall).toHaveTextContent('Overall: API unreachable');
  });

  it("shows unreachable on the proxy's 502 page", async () => {
    stubFetch({ '/api/status': html('<h1>502 Bad Gateway</h1>', 502) });
    mount('status-panel');

    await expect.element(overall).toHaveTextContent('Overall: API unreachable');
  });

  it('shows an API error that is not a health report', async () => {
    stubFetch({ '/api/status': json({ statusCode: 500, message: 'Internal server error' }, 500) });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'error');
    await expect.element(overall).toHaveTextContent('Overall: API error (HTTP 500)');
  });

  it('announces changes in a live region', async () => {
    stubFetch({ '/api/status': networkError });
    mount('status-panel');

    await expect.element(page.getByRole('status').getByTestId('status-overall')).toBeInTheDocument();
  });
});
