import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiHttpError, describeError, fetchItems, type Item, type ItemPage } from '../api.js';
import { base } from '../styles.js';
import './item-card.js';
import './item-form.js';
import './item-search.js';
import './page-nav.js';

/** Where the list is: the search and the page, as the page's URL has them (`?q=…&cursor=…`). */
interface Place {
  q: string;
  cursor?: string;
}

function placeInUrl(): Place {
  const query = new URLSearchParams(location.search);
  return { q: query.get('q')?.trim() ?? '', cursor: query.get('cursor') ?? undefined };
}

/**
 * The items, a page at a time, with the form that adds one and the search box; every change is
 * announced. The search and the page are in the URL: a reload, a link or Back shows the same place.
 */
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
      item-search {
        margin-block-start: 1rem;
      }
      .search {
        align-items: baseline;
      }
    `,
  ];

  /** Items per page (the API's default and at most 100). */
  @property({ type: Number }) limit = 20;

  @state() private place: Place = placeInUrl();

  /** The last change, for the live region. */
  @state() private message = '';

  @query('h2') private heading!: HTMLHeadingElement;

  // New arguments (paging, searching) abort the request still running for the old ones.
  private readonly page = new Task(this, {
    task: ([q, cursor, limit], { signal }) => fetchItems({ q, cursor, limit }, signal),
    args: () => [this.place.q, this.place.cursor, this.limit] as const,
  });

  private readonly followUrl = () => (this.place = placeInUrl());

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('popstate', this.followUrl);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.followUrl);
  }

  override render() {
    const { q } = this.place;
    return html`
      <section aria-labelledby="items-heading">
        <h2 id="items-heading" tabindex="-1">Items</h2>
        <section class="card" aria-labelledby="add-heading">
          <h3 id="add-heading">Add an item</h3>
          <item-form @item-created=${this.itemCreated}></item-form>
        </section>
        <item-search .value=${q} @search-submitted=${(event: CustomEvent<string>) => this.go({ q: event.detail })}>
        </item-search>
        ${
          q
            ? html`<div class="actions search">
                <p class="muted" data-testid="items-search">Names starting with “${q}”, in name order</p>
                <button type="button" @click=${() => this.go({ q: '' })}>Show all items</button>
              </div>`
            : null
        }
        <p role="status" class="muted" data-testid="items-message">${this.message}</p>
        ${this.page.status === TaskStatus.ERROR ? this.renderError() : this.renderPage(this.page.value)}
      </section>
    `;
  }

  private renderError() {
    // A 400 is for this place (a link to a page that is no more): loading it again cannot help.
    const stale = this.page.error instanceof ApiHttpError && this.page.error.status === 400;
    return html`
      <div class="actions" data-testid="items-error">
        <p class="error" role="alert">Could not load items: ${describeError(this.page.error)}</p>
        ${
          stale
            ? html`<button type="button" @click=${() => this.go({ q: this.place.q })}>First page</button>`
            : html`<button type="button" @click=${() => this.page.run()}>Retry</button>`
        }
      </div>
    `;
  }

  // While a page loads, the previous one stays (dimmed, aria-busy): the focus is not lost with it.
  private renderPage(page: ItemPage | undefined) {
    const loading = this.page.status === TaskStatus.PENDING;
    const busy = loading ? html`<p class="muted" data-testid="items-loading">Loading items…</p>` : null;
    if (!page) return busy;
    if (page.items.length === 0 && page.prev === null) {
      const empty = this.place.q
        ? `No item name starts with “${this.place.q}”.`
        : 'No items yet: add the first one above.';
      return html`${busy}
        <p class="muted" data-testid="items-empty">${empty}</p>`;
    }
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
        .count=${page.items.length}
        .prev=${page.prev}
        .next=${page.next}
        @page-selected=${(event: CustomEvent<string>) => this.go({ q: this.place.q, cursor: event.detail })}
      ></page-nav>
    `;
  }

  /** Shows another place, and records it in the URL (Back returns here). The same place loads again. */
  private go(place: Place) {
    if (place.q === this.place.q && place.cursor === this.place.cursor) {
      void this.page.run();
      return;
    }
    this.place = place;
    const url = new URL(location.href);
    for (const [key, value] of [
      ['q', place.q],
      ['cursor', place.cursor],
    ] as const) {
      if (value) url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    history.pushState(null, '', url);
  }

  private itemCreated({ detail }: CustomEvent<Item>) {
    this.message = `Added “${detail.name}”.`;
    // The list is in id order: the new item is the last, and this shows the page it is on. A search
    // shows its page again, the new item in it if it belongs there.
    const last = this.page.value?.last;
    this.go(this.place.q || !last ? this.place : { q: '', cursor: last });
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
    const page = this.page.value;
    // The page's last item gone, the one before is shown; otherwise this one again, filled up.
    if (page?.items.length === 1 && page.prev !== null) this.go({ q: this.place.q, cursor: page.prev });
    else this.go(this.place);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'item-list': ItemList;
  }
}
