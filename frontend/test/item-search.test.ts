import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/components/item-search.js';
import { mount } from './support.js';

const box = page.getByRole('searchbox', { name: 'Search by name' });

describe('<item-search>', () => {
  it('is a labelled search landmark with a hint, starting with the search shown', async () => {
    mount('item-search', { value: 'tea' });

    await expect.element(page.getByRole('search', { name: 'Items' })).toBeVisible();
    await expect.element(box).toHaveValue('tea');
    await expect.element(box).toHaveAccessibleDescription('The start of a name, in any case.');
    await expect.element(box).toHaveAttribute('maxlength', '100');
  });

  it('submits the text trimmed, on Enter and on the button, and an emptied box as every item', async () => {
    const submitted = vi.fn<(q: string) => void>();
    const search = mount('item-search');
    search.addEventListener('search-submitted', (event) => submitted(event.detail));

    await box.fill('  Milk ');
    await userEvent.keyboard('{Enter}');
    await box.fill('oat');
    await page.getByRole('button', { name: 'Search' }).click();
    await box.fill('');
    await userEvent.keyboard('{Enter}');

    expect(submitted.mock.calls.map(([q]) => q)).toContain('Milk');
    expect(submitted.mock.calls.map(([q]) => q)).toContain('oat');
    expect(submitted.mock.calls.at(-1)).toEqual(['']);
  });
});
