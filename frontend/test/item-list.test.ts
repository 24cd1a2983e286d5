import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/components/item-list.js';
import {
  apiMessages,
  fakeApi,
  focused,
  item,
  json,
  mount,
  never,
  networkError,
  requests,
  sequence,
  stubFetch,
} from './support.js';

const names = () =>
  page
    .getByTestId('item-name')
    .elements()
    .map((e) => e.textContent);
const button = (name: string) => page.getByRole('button', { name, exact: true });
const addForm = page.getByRole('region', { name: 'Add an item' });
const message = page.getByTestId('items-message');
const range = page.getByTestId('items-range');
const cursorInUrl = () => new URL(location.href).searchParams.get('cursor');
async function search(text: string) {
  await page.getByRole('searchbox', { name: 'Search by name' }).fill(text);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}
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
    await expect.element(page.getByTestId('items-range')).toHaveTextContent('All 2 items');
    expect(requests(fetchMock)[0].url).toBe('/api/items?limit=20');
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
      '/api/items': sequence(
        networkError,
        json({ items: [item(1, 'Back')], limit: 20, next: null, prev: null, last: 'x' }),
      ),
    });
    mount('item-list');

    await expect.element(page.getByRole('alert')).toHaveTextContent('Could not load items: API unreachable');
    await button('Retry').click();

    await expect.element(page.getByTestId('item-name')).toHaveTextContent('Back');
    expect(page.getByRole('alert').elements()).toHaveLength(0);
  });

  it('pages through the items with cursors, Previous and Next disabled at the ends, the URL following', async () => {
    const fetchMock = stubFetch(fakeApi(seed(45)).handler);
    mount('item-list');

    await expect.element(range).toHaveTextContent('First 20 items');
    await expect.element(button('Previous')).toHaveAttribute('aria-disabled', 'true');
    await button('Next').click();
    await expect.poll(() => names()[0]).toBe('Item 21');
    await expect.element(range).toHaveTextContent('20 items');
    await button('Next').click();
    await expect.element(range).toHaveTextContent('Last 5 items');
    expect(names()).toEqual(['Item 41', 'Item 42', 'Item 43', 'Item 44', 'Item 45']);
    await expect.element(button('Next')).toHaveAttribute('aria-disabled', 'true');
    await button('Next').click({ force: true });
    const lastCursor = cursorInUrl();
    await button('Previous').click();

    await expect.poll(names).toEqual(
      seed(45)
        .slice(20, 40)
        .map((i) => i.name),
    );
    const cursors = requests(fetchMock).map((r) => new URL(r.url, location.href).searchParams.get('cursor'));
    expect(cursors).toHaveLength(4);
    expect(cursors[0]).toBeNull();
    expect(new Set(cursors).size).toBe(4);
    expect(cursorInUrl()).toBe(cursors[3]);
    expect(lastCursor).toBe(cursors[2]);
  });

  it('keeps the page on screen while the next loads, and aborts a load it no longer needs', async () => {
    const api = fakeApi(seed(45));
    const fetchMock = stubFetch((request) => (request.url.includes('cursor=') ? never() : api.handler(request)));
    mount('item-list');

    await button('Next').click();
    await expect.element(page.getByTestId('items-loading')).toBeVisible();
    await expect.element(page.getByRole('list', { name: 'Items' })).toHaveAttribute('aria-busy', 'true');
    expect(names()).toHaveLength(20);
    await search('item 4');

    await expect.poll(names).toEqual(['Item 4', 'Item 40', 'Item 41', 'Item 42', 'Item 43', 'Item 44', 'Item 45']);
    await expect.element(page.getByTestId('items-loading')).not.toBeInTheDocument();
    const [, superseded] = requests(fetchMock);
    expect(superseded.url).toContain('cursor=');
    expect(superseded.signal?.aborted).toBe(true);
  });

  it('searches by the start of the name, ignoring case, shows it in the URL, and shows all again', async () => {
    const fetchMock = stubFetch(fakeApi([...seed(3), item(4, 'Backups'), item(5, 'backlog')]).handler);
    mount('item-list');
    await expect.element(range).toHaveTextContent('All 5 items');

    await search('  BACK ');

    await expect.poll(names).toEqual(['backlog', 'Backups']);
    await expect
      .element(page.getByTestId('items-search'))
      .toHaveTextContent('Names starting with “BACK”, in name order');
    expect(new URL(location.href).searchParams.get('q')).toBe('BACK');
    expect(requests(fetchMock).at(-1)?.url).toBe('/api/items?limit=20&q=BACK');

    await search('nothing like it');
    await expect
      .element(page.getByTestId('items-empty'))
      .toHaveTextContent('No item name starts with “nothing like it”.');

    await button('Show all items').click();
    await expect.poll(names).toHaveLength(5);
    expect(new URL(location.href).searchParams.has('q')).toBe(false);
    expect(page.getByRole('searchbox', { name: 'Search by name' }).element()).toHaveProperty('value', '');
  });

  it('opens at the search and page the URL names, and follows Back and Forward', async () => {
    stubFetch(fakeApi(seed(30)).handler);
    mount('item-list');
    await button('Next').click();
    await expect.element(range).toHaveTextContent('Last 10 items');
    const url = location.href;
    document.body.replaceChildren();

    history.replaceState(null, '', url);
    mount('item-list');
    await expect.element(range).toHaveTextContent('Last 10 items');
    await search('item 1');
    await expect.poll(names).toHaveLength(11);

    history.back();
    await expect.element(range).toHaveTextContent('Last 10 items');
    expect(page.getByRole('searchbox', { name: 'Search by name' }).element()).toHaveProperty('value', '');
    history.forward();
    await expect.poll(names).toHaveLength(11);
    expect(page.getByRole('searchbox', { name: 'Search by name' }).element()).toHaveProperty('value', 'item 1');
  });

  it('offers the first page when the API refuses the cursor in the URL', async () => {
    history.replaceState(null, '', '?cursor=tampered');
    stubFetch(fakeApi(seed(3)).handler);
    mount('item-list');

    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent(`Could not load items: ${apiMessages.cursor} (HTTP 400)`);
    expect(button('Retry').elements()).toHaveLength(0);
    await button('First page').click();

    await expect.element(range).toHaveTextContent('All 3 items');
    expect(new URL(location.href).searchParams.has('cursor')).toBe(false);
  });

  it('adds an item, shows the last page, where it landed, and announces it', async () => {
    const api = fakeApi(seed(20));
    stubFetch(api.handler);
    mount('item-list');
    await expect.element(range).toHaveTextContent('All 20 items');

    await addForm.getByLabelText('Name').fill('Backups');
    await addForm.getByLabelText('Description (optional)').fill('Nightly');
    await addForm.getByRole('button', { name: 'Add item' }).click();

    await expect.element(message).toHaveTextContent('Added “Backups”.');
    await expect.element(range).toHaveTextContent('Last 20 items');
    expect(names().at(-1)).toBe('Backups');
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

    await expect.element(range).toHaveTextContent('First 20 items');
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

    // Edit the first item (past the search box): Enter on Edit, retype the name, Enter saves; the
    // focus returns to Edit.
    await tab(5);
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
