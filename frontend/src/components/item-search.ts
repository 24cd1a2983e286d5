import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { base } from '../styles.js';

/** The API's limit on a search, the longest name. */
const MAX_SEARCH_CHARS = 100;

/**
 * The search box: names that start with what is typed, in any case. Fires `search-submitted` with the
 * text, trimmed (empty: every item), on Enter, on the Search button, and when the box is cleared.
 */
@customElement('item-search')
export class ItemSearch extends LitElement {
  static override styles = [
    base,
    css`
      label {
        display: block;
        font-weight: 600;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        margin-block-start: 0.25rem;
      }
      p {
        margin: 0.25rem 0 0;
      }
    `,
  ];

  /** The search being shown; the box starts with it. */
  @property() value = '';

  @query('input') private input!: HTMLInputElement;

  override render() {
    return html`
      <form role="search" aria-label="Items" @submit=${this.submit}>
        <label for="q">Search by name</label>
        <div class="row">
          <input
            id="q"
            name="q"
            type="search"
            autocomplete="off"
            maxlength=${MAX_SEARCH_CHARS}
            aria-describedby="q-hint"
            .value=${this.value}
            @search=${this.cleared}
          />
          <button type="submit">Search</button>
        </div>
        <p id="q-hint" class="muted">The start of a name, in any case.</p>
      </form>
    `;
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    this.dispatch();
  }

  // The box's own clear button (and Escape) empty it: back to every item.
  private cleared() {
    if (this.input.value === '') this.dispatch();
  }

  private dispatch() {
    this.dispatchEvent(new CustomEvent('search-submitted', { detail: this.input.value.trim() }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'item-search': ItemSearch;
  }
  interface HTMLElementEventMap {
    'search-submitted': CustomEvent<string>;
  }
}
