import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../src/components/item-list.js';
import { json, mount, never, stubFetch } from './support.js';

const item = (id: number, name: string, description: string | null) => ({
  id,
  name,
  description,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
});

describe('<item-list>', () => {
  it('renders each item as a list item with its name and description', async () => {
    const fetchMock = stubFetch({
      '/api/items': json([item(1, 'Getting started', 'First steps'), item(2, 'Hardened by default', null)]),
    });
    mount('item-list');

    const items = page.getByRole('list', { name: 'Items' }).getByRole('listitem');
    await expect.element(items.first()).toMatchTextContent('Getting started');
    expect(items.elements()).toHaveLength(2);
    await expect.element(items.first()).toMatchTextContent('First steps');
    await expect.element(items.nth(1).getByRole('heading', { name: 'Hardened by default' })).toBeVisible();
    expect(items.first().element().querySelector('time')?.dateTime).toBe('2026-11-01T10:00:00.000Z');
    expect(fetchMock).toHaveBeenCalledWith('/api/items', expect.objectContaining({ signal: expect.any(AbortSignal) }));
  });

  it('shows a loading state until the API answers', async () => {
    stubFetch({ '/api/items': never });
    mount('item-list');

    await expect.element(page.getByTestId('items-loading')).toHaveTextContent('Loading items…');
  });

  it('shows an empty state', async () => {
    stubFetch({ '/api/items': json([]) });
    mount('item-list');

    await expect.element(page.getByTestId('items-empty')).toHaveTextContent('No items yet.');
    expect(page.getByRole('listitem').elements()).toHaveLength(0);
  });

  it('shows an error state', async () => {
    stubFetch({ '/api/items': json({ statusCode: 500, message: 'Internal server error' }, 500) });
    mount('item-list');

    await expect.element(page.getByRole('alert')).toHaveTextContent('Could not load items: API error (HTTP 500)');
  });
});
