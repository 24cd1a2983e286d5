import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { ApiStatus } from '../src/api.js';
import '../src/components/status-panel.js';
import { badGateway, healthy, json, mount, networkError, never, sequence, stubFetch, type Handler } from './support.js';

const overall = page.getByTestId('status-overall');
const check = (name: string) => page.getByTestId('status-check').filter({ hasText: name });

const degraded = json(
  {
    status: 'error',
    info: { memory_heap: { status: 'up' } },
    error: { database: { status: 'down', message: 'timeout exceeded' } },
    details: { database: { status: 'down', message: 'timeout exceeded' }, memory_heap: { status: 'up' } },
  } satisfies ApiStatus,
  503,
);

describe('<status-panel>', () => {
  it('shows the API up, each check, and the time of the check', async () => {
    stubFetch({ '/api/status': healthy });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'ok');
    await expect.element(overall).toHaveTextContent('Overall: Up');
    await expect.element(check('database')).toHaveAttribute('data-state', 'up');
    await expect.element(check('database')).toHaveTextContent('database up');
    const time = page.getByTestId('status-checked').element().querySelector('time');
    expect(Date.now() - Date.parse(time?.dateTime ?? '')).toBeLessThan(5_000);
    await expect.element(page.getByTestId('status-checked')).toMatchTextContent(/^Last checked \d/);
  });

  it('shows degraded, and the failing check, when the API answers 503', async () => {
    stubFetch({ '/api/status': degraded });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'degraded');
    await expect.element(overall).toHaveTextContent('Overall: Degraded');
    await expect.element(check('database')).toHaveAttribute('data-state', 'down');
    await expect.element(check('database')).toHaveTextContent('database down timeout exceeded');
    await expect.element(check('memory_heap')).toHaveAttribute('data-state', 'up');
  });

  it('shows degraded when a check reports itself degraded, though the API answers 200', async () => {
    const report = { status: 'degraded', details: { database: { status: 'degraded' } } } satisfies ApiStatus;
    stubFetch({ '/api/status': json(report) });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'degraded');
    await expect.element(check('database')).toHaveAttribute('data-state', 'degraded');
  });

  it('shows the API shutting down', async () => {
    stubFetch({ '/api/status': json({ status: 'shutting_down' }, 503) });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'shutting_down');
    await expect.element(overall).toHaveTextContent('Overall: Shutting down');
  });

  it('shows the API down on a network failure', async () => {
    stubFetch({ '/api/status': networkError });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'unreachable');
    await expect.element(overall).toHaveTextContent('Overall: Down: API unreachable');
    expect(page.getByTestId('status-check').elements()).toHaveLength(0);
  });

  it("shows the API down on nginx's 502", async () => {
    stubFetch({ '/api/status': badGateway });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'unreachable');
    await expect.element(overall).toHaveTextContent('Overall: Down: API unreachable (HTTP 502)');
  });

  it('shows an answer that is not a health report as unknown', async () => {
    stubFetch({ '/api/status': json({ statusCode: 500, message: 'Internal server error' }, 500) });
    mount('status-panel');

    await expect.element(overall).toHaveAttribute('data-state', 'error');
    await expect.element(overall).toHaveTextContent('Overall: Unknown: Internal server error (HTTP 500)');
  });

  it('checks again on its interval: goes down, then recovers by itself', async () => {
    let answer: Handler = healthy;
    stubFetch({ '/api/status': (request) => answer(request) });
    mount('status-panel', { interval: 50 });
    await expect.element(overall).toHaveAttribute('data-state', 'ok');

    answer = networkError;
    await expect.element(overall).toHaveAttribute('data-state', 'unreachable');
    answer = degraded;
    await expect.element(overall).toHaveAttribute('data-state', 'degraded');
    answer = healthy;
    await expect.element(overall).toHaveAttribute('data-state', 'ok');
    await expect.element(check('database')).toHaveAttribute('data-state', 'up');
  });

  it('keeps the last answer on screen while the next check runs', async () => {
    const fetchMock = stubFetch({ '/api/status': sequence(healthy, never) });
    mount('status-panel', { interval: 20 });

    await expect.poll(() => fetchMock.mock.calls.length).toBeGreaterThanOrEqual(3);
    await expect.element(overall).toHaveAttribute('data-state', 'ok');
  });

  it('aborts a check that still hangs when the next one starts', async () => {
    const fetchMock = stubFetch({ '/api/status': never });
    mount('status-panel', { interval: 20 });

    await expect.poll(() => fetchMock.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(fetchMock.mock.calls[0][1]?.signal?.aborted).toBe(true);
    await expect.element(overall).toHaveAttribute('data-state', 'loading');
  });

  it('stops checking once removed from the page', async () => {
    const fetchMock = stubFetch({ '/api/status': healthy });
    const panel = mount('status-panel', { interval: 20 });
    await expect.poll(() => fetchMock.mock.calls.length).toBeGreaterThanOrEqual(2);

    panel.remove();
    const calls = fetchMock.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fetchMock.mock.calls.length).toBe(calls);
  });

  it('announces state changes in a live region, without the ticking time', async () => {
    stubFetch({ '/api/status': healthy });
    mount('status-panel');

    const region = page.getByRole('status');
    await expect.element(region.getByTestId('status-overall')).toBeInTheDocument();
    await expect.element(region.getByTestId('status-check')).toBeInTheDocument();
    expect(region.getByTestId('status-checked').elements()).toHaveLength(0);
  });
});
