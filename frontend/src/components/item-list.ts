import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { describeError, fetchItems, type Item, type ItemPage } from '../api.js';
import { base } from '../styles.js';
import './item-card.js';
import './item-form.js';
import './page-nav.js';

/** The items, a page at a time, with the form that adds one; every change is announced. */
@customElement('item-list')
export class ItemList extends LitElement {
  static override styles = [
    base,
    css`
      h2:focus {
        outline: none;
      }
      h3 {
        margin: 0 0 0.5rem;
        font-size: 1rem;
      }
      ul {
        list-style: none;
        margin: 0 0 0.75rem;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      ul[aria-busy='true'] {
        opacity: 0.6;
      }
      [role='status'] {
        min-height: 1.5rem;
        margin: 0.5rem 0;
      }
    `,
  ];

  /** Items per page (the API's default and at most 100). */
  @property({ type: Number }) limit = 20;

  @state() private offset = 0;

  /** The last change, for the live region. */
  @state() private message = '';

  @query('h2') private heading!: HTMLHeadingElement;

  // New arguments (paging) abort the request still running for the old ones.
  private readonly page = new Task(this, {
    task: ([offset, limit], { signal }) => fetchItems(offset, limit, signal),
    args: () => [this.offset, this.limit],
  });

  override render() {
    return html`
      <section aria-labelledby="items-heading">
        <h2 id="items-heading" tabindex="-1">Items</h2>
        <section class="card" aria-labelledby="add-heading">
          <h3 id="add-heading">Add an item</h3>
          <item-form @item-created=${this.itemCreated}></item-form>
        </section>
        <p role="status" class="muted" data-testid="items-message">${this.message}</p>
        ${this.page.status === TaskStatus.ERROR ? this.renderError() : this.renderPage(this.page.value)}
      </section>
    `;
  }

  private renderError() {
    return html`
      <div class="actions" data-testid="items-error">
        <p class="error" role="alert">Could not load items: ${describeError(this.page.error)}</p>
        <button type="button" @click=${() => this.page.run()}>Retry</button>
      </div>
    `;
  }

  // While a page loads, the previous one stays (dimmed, aria-busy): the focus is not lost with it.
  private renderPage(page: ItemPage | undefined) {
    const loading = this.page.status === TaskStatus.PENDING;
    const busy = loading ? html`<p class="muted" data-testid="items-loading">Loading items…</p>` : null;
    if (!page) return busy;
    if (page.total === 0)
      return html`${busy}
        <p class="muted" data-testid="items-empty">No items yet: add the first one above.</p>`;
    return html`
      ${busy}
      <ul
        data-testid="items"
        aria-labelledby="items-heading"
        aria-busy=${loading ? 'true' : 'false'}
        @item-updated=${this.itemUpdated}
        @item-deleted=${this.itemDeleted}
      >
        ${repeat(
          page.items,
          (item) => item.id,
          (item) =>
            html`<li class="card" data-testid="item" data-id=${item.id}><item-card .item=${item}></item-card></li>`,
        )}
      </ul>
      <page-nav
        .total=${page.total}
        .offset=${this.offset}
        .limit=${this.limit}
        @page-selected=${(event: CustomEvent<number>) => (this.offset = event.detail)}
      ></page-nav>
    `;
  }

  private itemCreated({ detail }: CustomEvent<Item>) {
    this.message = `Added “${detail.name}”.`;
    // Items are ordered by id: the new one is the last, and this shows the page it landed on.
    const offset = Math.floor((this.page.value?.total ?? 0) / this.limit) * this.limit;
    if (offset === this.offset) void this.page.run();
    else this.offset = offset;
  }

  // An edit moves nothing (items are ordered by id): the page takes the saved item, no reload. Lit sets
  // object-valued properties on every render, so a stale copy here would overwrite the card's.
  private itemUpdated({ detail }: CustomEvent<Item>) {
    this.message = `Saved “${detail.name}”.`;
    const items = this.page.value?.items ?? [];
    const index = items.findIndex((item) => item.id === detail.id);
    if (index >= 0) items[index] = detail;
  }

  private itemDeleted({ detail }: CustomEvent<Item>) {
    this.message = `Deleted “${detail.name}”.`;
    // Its card is about to go: keep the keyboard focus in the list's section.
    this.heading.focus();
    if (this.page.value?.items.length === 1 && this.offset > 0) this.offset -= this.limit;
    else void this.page.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'item-list': ItemList;
  }
}
