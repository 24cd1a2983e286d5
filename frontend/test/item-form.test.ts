import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/components/item-form.js';
import { apiMessages, badGateway, fakeApi, focused, item, json, mount, never, requests, stubFetch } from './support.js';

const name = page.getByLabelText('Name');
const description = page.getByLabelText('Description (optional)');
const problem = (field: string) => page.getByTestId(`${field}-error`);

function listen(element: Element, type: string) {
  const listener = vi.fn();
  element.addEventListener(type, (event) => listener((event as CustomEvent).detail));
  return listener;
}

describe('<item-form> creating', () => {
  it('creates an item, leaves out an empty description, and is ready for the next one', async () => {
    const api = fakeApi([]);
    const fetchMock = stubFetch(api.handler);
    const created = listen(mount('item-form'), 'item-created');

    await name.fill('Backups');
    await page.getByRole('button', { name: 'Add item' }).click();

    await expect.poll(() => created.mock.calls.length).toBe(1);
    expect(created).toHaveBeenCalledWith(expect.objectContaining({ id: 1, name: 'Backups', description: null }));
    expect(requests(fetchMock)[0]).toMatchObject({ method: 'POST', url: '/api/items', body: { name: 'Backups' } });
    await expect.element(name).toHaveValue('');
    expect(focused()).toBe(name.element());
  });

  it("shows the API's validation messages beside their fields, and focuses the first", async () => {
    stubFetch(fakeApi([]).handler);
    mount('item-form');

    await name.fill('   ');
    await description.fill('x'.repeat(1001));
    await userEvent.click(page.getByRole('button', { name: 'Add item' }));

    await expect.element(problem('name')).toHaveTextContent(apiMessages.nameLength);
    await expect.element(problem('description')).toHaveTextContent(apiMessages.descriptionLength);
    await expect.element(name).toHaveAttribute('aria-invalid', 'true');
    await expect.element(name).toHaveAccessibleDescription(apiMessages.nameLength);
    await expect.element(description).toHaveAccessibleDescription(apiMessages.descriptionLength);
    expect(focused()).toBe(name.element());
  });

  it('shows a duplicate name beside the name', async () => {
    stubFetch(fakeApi([item(1, 'Backups')]).handler);
    mount('item-form');

    await name.fill(' Backups ');
    await userEvent.keyboard('{Enter}');

    await expect.element(problem('name')).toHaveTextContent(apiMessages.duplicate('Backups'));
    await expect.element(problem('description')).not.toBeVisible();
  });

  it('shows a failure that belongs to no field as an alert', async () => {
    stubFetch({ 'POST /api/items': badGateway });
    mount('item-form');

    await name.fill('Backups');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByRole('alert')).toHaveTextContent('Could not save: API unreachable (HTTP 502)');
    await expect.element(name).toHaveAttribute('aria-invalid', 'false');
  });

  it('sends once while a save is under way', async () => {
    const fetchMock = stubFetch({ 'POST /api/items': never });
    mount('item-form');

    await name.fill('Backups');
    const button = page.getByRole('button', { name: 'Add item' });
    await button.click();
    await expect.element(page.getByRole('button', { name: 'Saving…' })).toHaveAttribute('aria-disabled', 'true');
    await userEvent.keyboard('{Enter}');

    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe('<item-form> editing', () => {
  const original = item(7, 'Backups', 'Nightly');

  it('starts from the item and sends only what changed', async () => {
    const fetchMock = stubFetch({ 'PATCH /api/items/7': json({ ...original, name: 'Backups v2' }) });
    const updated = listen(mount('item-form', { item: original }), 'item-updated');

    await expect.element(description).toHaveValue('Nightly');
    await name.fill('Backups v2');
    await page.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => updated.mock.calls.length).toBe(1);
    expect(requests(fetchMock)[0].body).toEqual({ name: 'Backups v2' });
  });

  it('clears the description with null', async () => {
    const fetchMock = stubFetch({ 'PATCH /api/items/7': json({ ...original, description: null }) });
    mount('item-form', { item: original });

    await description.fill('');
    await page.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => requests(fetchMock)[0]?.body).toEqual({ description: null });
  });

  it('closes without a request when nothing changed, with Cancel or with Escape', async () => {
    const fetchMock = stubFetch({});
    const cancelled = listen(mount('item-form', { item: original }), 'edit-cancelled');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await name.fill('Changed, then abandoned');
    await userEvent.keyboard('{Escape}');

    expect(cancelled).toHaveBeenCalledTimes(3);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
