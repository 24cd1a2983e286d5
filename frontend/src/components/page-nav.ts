import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from '../styles.js';

/** Where a page is, for the status text: the API counts nothing, so the ends are what is known. */
function rangeOf(count: number, first: boolean, last: boolean): string {
  if (count === 0) return 'No items on this page';
  const items = count === 1 ? 'item' : 'items';
  if (first && last) return `All ${count} ${items}`;
  if (first) return `First ${count} ${items}`;
  if (last) return `Last ${count} ${items}`;
  return `${count} ${items}`;
}

/** "First 20 items" with Previous and Next. Fires `page-selected` with the cursor of the page to show. */
@customElement('page-nav')
export class PageNav extends LitElement {
  static override styles = [
    base,
    css`
      nav {
        justify-content: space-between;
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** Items on this page. */
  @property({ type: Number }) count = 0;
  /** The cursor of the preceding page; null on the first. */
  @property({ attribute: false }) prev: string | null = null;
  /** The cursor of the following page; null on the last. */
  @property({ attribute: false }) next: string | null = null;

  override render() {
    const { count, prev, next } = this;
    const range = rangeOf(count, prev === null, next === null);
    if (prev === null && next === null) return html`<p class="muted" data-testid="items-range">${range}</p>`;
    return html`
      <nav class="actions" aria-label="Pages">
        ${this.button('Previous', prev)}
        <p class="muted" role="status" data-testid="items-range">${range}</p>
        ${this.button('Next', next)}
      </nav>
    `;
  }

  private button(label: string, cursor: string | null) {
    return html`<button
      type="button"
      aria-disabled=${cursor === null ? 'true' : 'false'}
      @click=${() => cursor !== null && this.dispatchEvent(new CustomEvent('page-selected', { detail: cursor }))}
    >
      ${label}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-nav': PageNav;
  }
  interface HTMLElementEventMap {
    'page-selected': CustomEvent<string>;
  }
}
