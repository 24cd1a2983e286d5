import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import './item-list.js';
import './status-panel.js';

/** Page layout: header, then the status beside the items where there is room, stacked below 48rem. */
@customElement('app-shell')
export class AppShell extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 72rem;
      margin: 0 auto;
      padding: 1rem;
    }
    header {
      border-block-end: 1px solid var(--color-border);
      margin-block-end: 1.5rem;
    }
    h1 {
      margin: 0.5rem 0 1rem;
      font-size: 1.5rem;
    }
    main {
      display: grid;
      gap: 1.5rem;
      align-items: start;
    }
    @media (min-width: 48rem) {
      main {
        grid-template-columns: minmax(14rem, 20rem) minmax(0, 1fr);
      }
    }
  `;

  override render() {
    return html`
      <header>
        <h1>Items — status</h1>
      </header>
      <main>
        <status-panel></status-panel>
        <item-list></item-list>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-shell': AppShell;
  }
}
