import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from '../styles.js';

/** "Items 21–40 of 45" with Previous and Next. Fires `page-selected` with the new offset. */
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

  @property({ type: Number }) total = 0;
  @property({ type: Number }) offset = 0;
  @property({ type: Number }) limit = 20;

  override render() {
    const { total, offset, limit } = this;
    const range = total === 0 ? 'No items' : `Items ${offset + 1}–${Math.min(offset + limit, total)} of ${total}`;
    if (total <= limit && offset === 0) return html`<p class="muted" data-testid="items-range">${range}</p>`;
    return html`
      <nav class="actions" aria-label="Pages">
        ${this.button('Previous', offset > 0, offset - limit)}
        <p class="muted" role="status" data-testid="items-range">${range}</p>
        ${this.button('Next', offset + limit < total, offset + limit)}
      </nav>
    `;
  }

  private button(label: string, enabled: boolean, offset: number) {
    return html`<button
      type="button"
      aria-disabled=${enabled ? 'false' : 'true'}
      @click=${() => enabled && this.dispatchEvent(new CustomEvent('page-selected', { detail: offset }))}
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
    'page-selected': CustomEvent<number>;
  }
}
