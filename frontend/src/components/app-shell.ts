import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import './item-list.js';
import './status-panel.js';

/** Page layout: header, then the status and the items side by side where there is room. */
@customElement('app-shell')
export class AppShell extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 60rem;
      margin: 0 auto;
      padding: 1rem;
    }
    header {
      border-block-end: 1px solid var(--color-border);
      margin-block-end: 1.5rem;
    }
    h1 {
      font-size: 1.5rem;
    }
    main {
      display: grid;
      gap: 1.5rem;
      grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
      align-items: start;
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
