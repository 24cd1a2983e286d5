import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { ApiUnreachableError, describeError, fetchStatus, type ApiStatus } from '../api.js';

/** The API's health: the overall state and each Terminus check. */
@customElement('status-panel')
export class StatusPanel extends LitElement {
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
    }
    li {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
    }
    .state {
      font-weight: 600;
    }
    [data-state='ok'] > .state,
    [data-state='up'] > .state {
      color: var(--color-ok);
    }
    [data-state='error'] > .state,
    [data-state='down'] > .state,
    [data-state='shutting_down'] > .state,
    [data-state='unreachable'] > .state {
      color: var(--color-bad);
    }
    .message {
      color: var(--color-muted);
    }
  `;

  private readonly status = new Task(this, {
    task: (_args, { signal }) => fetchStatus(signal),
    args: () => [],
  });

  override render() {
    return html`
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">API status</h2>
        <div role="status" data-testid="status">
          ${this.status.render({
            pending: () => this.overall('loading', 'checking…'),
            complete: (status) => this.renderStatus(status),
            error: (error) =>
              this.overall(error instanceof ApiUnreachableError ? 'unreachable' : 'error', describeError(error)),
          })}
        </div>
      </section>
    `;
  }

  private overall(state: string, text: string) {
    return html`<p data-testid="status-overall" data-state=${state}>Overall: <span class="state">${text}</span></p>`;
  }

  private renderStatus({ status, details }: ApiStatus) {
    return html`
      ${this.overall(status, status)}
      <ul aria-label="Checks">
        ${Object.entries(details).map(
          ([name, check]) => html`
            <li data-testid="status-check" data-check=${name} data-state=${check.status}>
              <span class="name">${name}</span>
              <span class="state">${check.status}</span>
              ${check.message ? html`<span class="message">${check.message}</span>` : null}
            </li>
          `,
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'status-panel': StatusPanel;
  }
}
