import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/components/item-card.js';
import { badGateway, focused, item, json, mount, requests, stubFetch } from './support.js';

const backups = item(7, 'Backups', 'Nightly, kept 30 days');
const button = (name: string) => page.getByRole('button', { name, exact: true });

describe('<item-card>', () => {
  it('shows the name, the description and when it was added and edited', async () => {
    mount('item-card', { item: { ...backups, updatedAt: '2026-11-02T10:00:00.000Z' } });

    await expect.element(page.getByRole('heading', { level: 3 })).toHaveTextContent('Backups');
    await expect.element(page.getByTestId('item-description')).toHaveTextContent('Nightly, kept 30 days');
    const times = [...document.querySelector('item-card')!.shadowRoot!.querySelectorAll('time')].map((t) => t.dateTime);
    expect(times).toEqual(['2026-11-01T10:00:00.000Z', '2026-11-02T10:00:00.000Z']);
  });

  it("names the item in its buttons' accessible names", async () => {
    mount('item-card', { item: backups });

    await expect.element(button('Edit “Backups”')).toBeVisible();
    await expect.element(button('Delete “Backups”')).toBeVisible();
  });

  it('shows where the keyboard focus is', async () => {
    mount('item-card', { item: backups });

    await userEvent.tab();
    const edit = button('Edit “Backups”').element();
    expect(focused()).toBe(edit);
    expect(getComputedStyle(edit).outlineStyle).toBe('solid');
    expect(getComputedStyle(edit).outlineWidth).toBe('3px');
  });

  it('edits in place: focus goes to the name, then back to Edit', async () => {
    stubFetch({ 'PATCH /api/items/7': json({ ...backups, name: 'Backups v2' }) });
    const card = mount('item-card', { item: backups });
    const updated = vi.fn();
    card.addEventListener('item-updated', updated);

    await button('Edit “Backups”').click();
    const name = page.getByLabelText('Name');
    await expect.element(name).toHaveValue('Backups');
    expect(focused()).toBe(name.element());
    await name.fill('Backups v2');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByTestId('item-name')).toHaveTextContent('Backups v2');
    expect(focused()).toBe(button('Edit “Backups v2”').element());
    expect(updated).toHaveBeenCalledTimes(1);
  });

  it('leaves the editor with Escape, focus back on Edit', async () => {
    mount('item-card', { item: backups });

    await button('Edit “Backups”').click();
    await userEvent.keyboard('{Escape}');

    await expect.element(page.getByTestId('item-name')).toHaveTextContent('Backups');
    expect(focused()).toBe(button('Edit “Backups”').element());
  });

  it('asks before deleting: Keep goes back, focus on Delete', async () => {
    const fetchMock = stubFetch({});
    mount('item-card', { item: backups });

    await button('Delete “Backups”').click();
    await expect.element(page.getByRole('group', { name: 'Delete “Backups”?' })).toBeVisible();
    expect(focused()).toBe(button('Keep').element());
    await userEvent.keyboard('{Enter}');

    expect(focused()).toBe(button('Delete “Backups”').element());
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('deletes once confirmed and tells the list', async () => {
    const fetchMock = stubFetch({ 'DELETE /api/items/7': () => new Response(null, { status: 204 }) });
    const card = mount('item-card', { item: backups });
    const deleted = vi.fn();
    card.addEventListener('item-deleted', (event) => deleted(event.detail));

    await button('Delete “Backups”').click();
    await button('Delete').click();

    await expect.poll(() => deleted.mock.calls.length).toBe(1);
    expect(deleted).toHaveBeenCalledWith(backups);
    expect(requests(fetchMock).map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /api/items/7']);
  });

  it('says why a delete failed', async () => {
    stubFetch({ 'DELETE /api/items/7': badGateway });
    mount('item-card', { item: backups });

    await button('Delete “Backups”').click();
    await button('Delete').click();

    await expect.element(page.getByRole('alert')).toHaveTextContent('Could not delete: API unreachable (HTTP 502)');
  });
});
