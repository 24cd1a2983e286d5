import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/components/item-list.js';
import { fakeApi, focused, item, json, mount, never, networkError, requests, sequence, stubFetch } from './support.js';

const names = () =>
  page
    .getByTestId('item-name')
    .elements()
    .map((e) => e.textContent);
const button = (name: string) => page.getByRole('button', { name, exact: true });
const addForm = page.getByRole('region', { name: 'Add an item' });
const message = page.getByTestId('items-message');
const seed = (count: number) => Array.from({ length: count }, (_, i) => item(i + 1, `Item ${i + 1}`));

describe('<item-list>', () => {
  it('lists the items of the first page, in a labelled list', async () => {
    const fetchMock = stubFetch(
      fakeApi([item(1, 'Getting started', 'First steps'), item(2, 'Hardened by default')]).handler,
    );
    mount('item-list');

    const items = page.getByRole('list', { name: 'Items' }).getByRole('listitem');
    await expect.element(items.first().getByRole('heading')).toHaveTextContent('Getting started');
    expect(items.elements()).toHaveLength(2);
    expect(names()).toEqual(['Getting started', 'Hardened by default']);
    await expect.element(items.first().getByTestId('item-description')).toHaveTextContent('First steps');
    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 1–2 of 2');
    expect(requests(fetchMock)[0].url).toBe('/api/items?limit=20&offset=0');
  });

  it('shows a loading state until the API answers', async () => {
    stubFetch({ '/api/items': never });
    mount('item-list');

    await expect.element(page.getByTestId('items-loading')).toHaveTextContent('Loading items…');
  });

  it('shows an empty state', async () => {
    stubFetch(fakeApi([]).handler);
    mount('item-list');

    await expect.element(page.getByTestId('items-empty')).toHaveTextContent('No items yet: add the first one above.');
    expect(page.getByRole('listitem').elements()).toHaveLength(0);
  });

  it('shows an error state, and loads again on Retry', async () => {
    stubFetch({
      '/api/items': sequence(networkError, json({ items: [item(1, 'Back')], total: 1, limit: 20, offset: 0 })),
    });
    mount('item-list');

    await expect.element(page.getByRole('alert')).toHaveTextContent('Could not load items: API unreachable');
    await button('Retry').click();

    await expect.element(page.getByTestId('item-name')).toHaveTextContent('Back');
    expect(page.getByRole('alert').elements()).toHaveLength(0);
  });

  it('pages through the items, Previous and Next disabled at the ends', async () => {
    const fetchMock = stubFetch(fakeApi(seed(45)).handler);
    mount('item-list');

    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 1–20 of 45');
    await expect.element(button('Previous')).toHaveAttribute('aria-disabled', 'true');
    await button('Next').click();
    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 21–40 of 45');
    await button('Next').click();
    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 41–45 of 45');
    expect(names()).toEqual(['Item 41', 'Item 42', 'Item 43', 'Item 44', 'Item 45']);
    await expect.element(button('Next')).toHaveAttribute('aria-disabled', 'true');
    await button('Next').click({ force: true });
    await button('Previous').click();

    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 21–40 of 45');
    expect(requests(fetchMock).map((r) => new URL(r.url, location.href).searchParams.get('offset'))).toEqual([
      '0',
      '20',
      '40',
      '20',
    ]);
  });

  it('keeps the page on screen while the next loads, and aborts a load it no longer needs', async () => {
    const api = fakeApi(seed(45));
    const fetchMock = stubFetch((request) => (request.url.includes('offset=20') ? never() : api.handler(request)));
    mount('item-list');

    await button('Next').click();
    await expect.element(page.getByTestId('items-loading')).toBeVisible();
    await expect.element(page.getByRole('list', { name: 'Items' })).toHaveAttribute('aria-busy', 'true');
    expect(names()).toHaveLength(20);
    await button('Next').click();

    await expect.poll(names).toEqual(['Item 41', 'Item 42', 'Item 43', 'Item 44', 'Item 45']);
    await expect.element(page.getByTestId('items-loading')).not.toBeInTheDocument();
    const [, superseded] = requests(fetchMock);
    expect(superseded.url).toContain('offset=20');
    expect(superseded.signal?.aborted).toBe(true);
  });

  it('adds an item, shows the page it landed on and announces it', async () => {
    const api = fakeApi(seed(20));
    stubFetch(api.handler);
    mount('item-list');
    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 1–20 of 20');

    await addForm.getByLabelText('Name').fill('Backups');
    await addForm.getByLabelText('Description (optional)').fill('Nightly');
    await addForm.getByRole('button', { name: 'Add item' }).click();

    await expect.element(message).toHaveTextContent('Added “Backups”.');
    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 21–21 of 21');
    expect(names()).toEqual(['Backups']);
    expect(api.items.at(-1)).toMatchObject({ name: 'Backups', description: 'Nightly' });
  });

  it('saves an edit in place and announces it', async () => {
    const api = fakeApi(seed(2));
    const fetchMock = stubFetch(api.handler);
    mount('item-list');

    await button('Edit “Item 2”').click();
    await page.getByRole('list').getByLabelText('Name').fill('Second');
    await page.getByRole('list').getByRole('button', { name: 'Save' }).click();

    await expect.element(message).toHaveTextContent('Saved “Second”.');
    expect(names()).toEqual(['Item 1', 'Second']);
    expect(api.items[1].name).toBe('Second');
    expect(requests(fetchMock).map((r) => r.method)).toEqual(['GET', 'PATCH']);
  });

  it('deletes an item, announces it and keeps the focus in the list', async () => {
    const api = fakeApi(seed(2));
    stubFetch(api.handler);
    mount('item-list');

    await button('Delete “Item 1”').click();
    await button('Delete').click();

    await expect.element(message).toHaveTextContent('Deleted “Item 1”.');
    await expect.poll(names).toEqual(['Item 2']);
    expect(focused()).toBe(page.getByRole('heading', { name: 'Items', exact: true }).element());
  });

  it('steps back a page when the last item of a page is deleted', async () => {
    stubFetch(fakeApi(seed(21)).handler);
    mount('item-list');
    await button('Next').click();
    await expect.poll(names).toEqual(['Item 21']);

    await button('Delete “Item 21”').click();
    await button('Delete').click();

    await expect.element(page.getByTestId('items-range')).toHaveTextContent('Items 1–20 of 20');
  });

  it('can be used from the keyboard alone', async () => {
    const api = fakeApi([item(1, 'Backups')]);
    stubFetch(api.handler);
    mount('item-list');
    await expect.element(page.getByTestId('item-name')).toBeVisible();
    const tab = async (times: number, shift = false) => {
      for (let i = 0; i < times; i++) await userEvent.tab({ shift });
    };

    // Add: Name, Description, Add item; the focus returns to Name.
    await tab(1);
    await userEvent.keyboard('Alerts');
    await tab(1);
    await userEvent.keyboard('Paging on call');
    await tab(1);
    expect(focused()).toBe(button('Add item').element());
    await userEvent.keyboard('{Enter}');
    await expect.poll(names).toEqual(['Backups', 'Alerts']);
    expect(focused()).toBe(addForm.getByLabelText('Name').element());

    // Edit the first item: Enter on Edit, retype the name, Enter saves; the focus returns to Edit.
    await tab(3);
    expect(focused()).toBe(button('Edit “Backups”').element());
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{Control>}a{/Control}Backups v2{Enter}');
    await expect.poll(names).toEqual(['Backups v2', 'Alerts']);
    expect(focused()).toBe(button('Edit “Backups v2”').element());

    // Delete the second: Enter on Delete, Shift+Tab from Keep to the confirmation, Enter.
    await tab(3);
    expect(focused()).toBe(button('Delete “Alerts”').element());
    await userEvent.keyboard('{Enter}');
    await tab(1, true);
    await userEvent.keyboard('{Enter}');
    await expect.poll(names).toEqual(['Backups v2']);
    expect(api.items.map((i) => i.name)).toEqual(['Backups v2']);
  });
});
