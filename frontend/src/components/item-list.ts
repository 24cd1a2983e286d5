import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { describeError, fetchItems, type Item } from '../api.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The items from the API, with loading, empty and error states. */
@customElement('item-list')
export class ItemList extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    h2 {
      margin-block-start: 0;
      font-size: 1.25rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.75rem;
    }
    li {
      border: 1px solid var(--color-border);
      border-radius: 0.5rem;
      padding: 0.75rem 1rem;
    }
    h3 {
      margin: 0;
      font-size: 1rem;
    }
    p {
      margin: 0.25rem 0 0;
    }
    time,
    .empty {
      color: var(--color-muted);
      font-size: 0.875rem;
    }
    .error {
      color: var(--color-bad);
    }
  `;

  private readonly items = new Task(this, {
    task: (_args, { signal }) => fetchItems(signal),
    args: () => [],
  });

  override render() {
    return html`
      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        ${this.items.render({
          pending: () => html`<p data-testid="items-loading">Loading items…</p>`,
          complete: (items) => this.renderItems(items),
          error: (error) =>
            html`<p class="error" role="alert" data-testid="items-error">Could not load items: ${describeError(error)}</p>`,
        })}
      </section>
    `;
  }

  private renderItems(items: Item[]) {
    if (items.length === 0) return html`<p class="empty" data-testid="items-empty">No items yet.</p>`;
    return html`
      <ul data-testid="items" aria-labelledby="items-heading">
        ${items.map(
          (item) => html`
            <li data-testid="item" data-id=${item.id}>
              <h3 data-testid="item-name">${item.name}</h3>
              ${item.description ? html`<p>${item.description}</p>` : null}
              <time datetime=${item.createdAt}>Added ${formatDate(item.createdAt)}</time>
            </li>
          `,
        )}
      </ul>
    `;
  }
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

declare global {
  interface HTMLElementTagNameMap {
    'item-list': ItemList;
  }
}
