import type { Browser, Page } from 'playwright-core';
import { launchChromium, openFront } from '../src/front';
import { eventually, psql, request } from '../src/stack';

// Create, edit and delete through the page; each step checked in PostgreSQL and after a reload.
// Everything this file creates starts with PREFIX and is deleted again, whatever happens.
const PREFIX = 'front-e2e';
const name = `${PREFIX} ${Date.now()}`;
const renamed = `${name} renamed`;
let browser: Browser;
let page: Page;

const sql = (text: string) => text.replaceAll("'", "''");
const rowFor = (itemName: string) =>
  psql(`SELECT coalesce(description, '<null>') FROM app.items WHERE name = '${sql(itemName)}'`);
const addForm = () => page.getByRole('region', { name: 'Add an item' });
const itemNames = () => page.getByTestId('item-name').allTextContents();
const button = (label: string) => page.getByRole('button', { name: label, exact: true });

async function reload() {
  await page.reload();
  await page.getByTestId('items').waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await openFront(browser));
  await page.getByTestId('items').waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  const { items } = (await (await request(`/api/items?limit=100&q=${PREFIX}`)).json()) as {
    items: { id: number; name: string }[];
  };
  for (const { id } of items) {
    await request(`/api/items/${id}`, { method: 'DELETE' });
  }
});

test('adds an item with the form: it is in the database and still there after a reload', async () => {
  await addForm().getByLabel('Name').fill(name);
  await addForm().getByLabel('Description (optional)').fill('written by the stack test');
  await addForm().getByRole('button', { name: 'Add item' }).click();

  await page
    .getByTestId('items-message')
    .filter({ hasText: `Added “${name}”.` })
    .waitFor();
  // The list shows the page the item landed on once its refetch is in.
  await page.getByTestId('item-name').filter({ hasText: name }).waitFor();
  expect(rowFor(name)).toBe('written by the stack test');

  await reload();
  expect(await itemNames()).toContain(name);
});

test('finds it with the search box, ignoring case; the search is in the URL and survives a reload', async () => {
  const search = page.getByRole('search', { name: 'Items' });
  await search.getByRole('searchbox', { name: 'Search by name' }).fill(name.toUpperCase());
  await search.getByRole('button', { name: 'Search' }).click();

  await page.getByTestId('items-search').waitFor();
  await eventually('the search to list only this item', async () => (await itemNames()).join('|') === name, 15_000);
  expect(new URL(page.url()).searchParams.get('q')).toBe(name.toUpperCase());

  await reload();
  expect(await itemNames()).toEqual([name]);
  await page.getByRole('button', { name: 'Show all items' }).click();
  await page.getByTestId('items-search').waitFor({ state: 'detached' });
  expect(await itemNames()).toContain('Getting started');
});

test("shows the API's messages beside the name: empty, then a name in use", async () => {
  const nameError = addForm().getByTestId('name-error');
  await addForm().getByLabel('Name').fill('   ');
  await addForm().getByRole('button', { name: 'Add item' }).click();
  await nameError.filter({ hasText: 'name must be 1 to 100 characters long' }).waitFor();

  await addForm().getByLabel('Name').fill(name);
  await addForm().getByRole('button', { name: 'Add item' }).click();
  await nameError.filter({ hasText: 'already exists' }).waitFor();
  expect(await addForm().getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
  expect(psql(`SELECT count(*) FROM app.items WHERE name = '${sql(name)}'`)).toBe('1');
});

test('renames it and clears its description: saved in the database, kept after a reload', async () => {
  await button(`Edit “${name}”`).click();
  const card = page.getByTestId('item').filter({ has: page.getByLabel('Name') });
  await card.getByLabel('Name').fill(renamed);
  await card.getByLabel('Description (optional)').fill('');
  await card.getByRole('button', { name: 'Save' }).click();

  await page
    .getByTestId('items-message')
    .filter({ hasText: `Saved “${renamed}”.` })
    .waitFor();
  expect(rowFor(renamed)).toBe('<null>');
  expect(rowFor(name)).toBe('');

  await reload();
  const names = await itemNames();
  expect(names).toContain(renamed);
  expect(names).not.toContain(name);
});

test('deletes it after the confirmation: gone from the database and after a reload', async () => {
  await button(`Delete “${renamed}”`).click();
  await page
    .getByRole('group', { name: `Delete “${renamed}”?` })
    .getByRole('button', { name: 'Delete', exact: true })
    .click();

  await page
    .getByTestId('items-message')
    .filter({ hasText: `Deleted “${renamed}”.` })
    .waitFor();
  await page.getByTestId('item-name').filter({ hasText: renamed }).waitFor({ state: 'detached' });
  expect(rowFor(renamed)).toBe('');

  await reload();
  expect(await itemNames()).not.toContain(renamed);
});
