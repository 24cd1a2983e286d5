import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiUnreachableError, describeError, fetchStatus, type HealthCheck } from '../api.js';
import { base } from '../styles.js';

/** `ok`: every check up; `degraded`: the API answers but a check is down; `unreachable`: no API answer. */
export type HealthState = 'ok' | 'degraded' | 'shutting_down' | 'unreachable' | 'error';

interface Health {
  state: HealthState;
  summary: string;
  checks: [string, HealthCheck][];
  checkedAt: Date;
}

const SUMMARY: Record<Exclude<HealthState, 'unreachable' | 'error'>, string> = {
  ok: 'Up',
  degraded: 'Degraded',
  shutting_down: 'Shutting down',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** One health check, folded into a state the panel can show; only an abort rejects. */
async function checkHealth(signal: AbortSignal): Promise<Health> {
  try {
    const { status, details = {} } = await fetchStatus(signal);
    // Terminus: `degraded` (200) when a check is degraded, `error` (503) when one is down.
    const state = status === 'ok' || status === 'shutting_down' ? status : 'degraded';
    return { state, summary: SUMMARY[state], checks: Object.entries(details), checkedAt: new Date() };
  } catch (error) {
    if (signal.aborted) throw error;
    const unreachable = error instanceof ApiUnreachableError;
    return {
      state: unreachable ? 'unreachable' : 'error',
      summary: `${unreachable ? 'Down' : 'Unknown'}: ${describeError(error)}`,
      checks: [],
      checkedAt: new Date(),
    };
  }
}

/** The API's health, overall and per Terminus check, refreshed every `interval` ms. */
@customElement('status-panel')
export class StatusPanel extends LitElement {
  static override styles = [
    base,
    css`
      ul {
        list-style: none;
        margin: 0.5rem 0 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.5rem;
        align-items: baseline;
      }
      .overall {
        margin: 0;
        font-size: 1.125rem;
      }
      .state {
        font-weight: 600;
      }
      [data-state='ok'] > .state,
      [data-state='up'] > .state {
        color: var(--color-ok);
      }
      [data-state='degraded'] > .state,
      [data-state='shutting_down'] > .state {
        color: var(--color-warn);
      }
      [data-state='down'] > .state,
      [data-state='unreachable'] > .state,
      [data-state='error'] > .state {
        color: var(--color-bad);
      }
    `,
  ];

  /** Milliseconds between checks. */
  @property({ type: Number }) interval = 10_000;

  private timer?: ReturnType<typeof setInterval>;

  // Each run aborts the one before it, should that one still hang.
  private readonly health = new Task(this, {
    task: (_args, { signal }) => checkHealth(signal),
    args: () => [],
  });

  override connectedCallback() {
    super.connectedCallback();
    this.timer = setInterval(() => this.health.run(), this.interval);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  override render() {
    // The last answer stays on screen while the next check runs: no flicker every interval.
    const health = this.health.value;
    return html`
      <section class="card" aria-labelledby="status-heading">
        <h2 id="status-heading">API status</h2>
        <div role="status" data-testid="status">
          ${health ? this.renderHealth(health) : this.overall('loading', 'Checking…')}
        </div>
        ${
          health
            ? html`<p class="muted" data-testid="status-checked">
                Last checked
                <time datetime=${health.checkedAt.toISOString()}>${timeFormat.format(health.checkedAt)}</time>
              </p>`
            : null
        }
      </section>
    `;
  }

  private overall(state: string, text: string) {
    return html`<p class="overall" data-testid="status-overall" data-state=${state}>
      Overall: <span class="state">${text}</span>
    </p>`;
  }

  private renderHealth({ state, summary, checks }: Health) {
    return html`
      ${this.overall(state, summary)}
      ${
        checks.length
          ? html`<ul aria-label="Checks">
              ${checks.map(
                ([name, check]) => html`
                  <li data-testid="status-check" data-check=${name} data-state=${check.status}>
                    <span>${name}</span>
                    <span class="state">${check.status}</span>
                    ${check.message ? html`<span class="muted">${check.message}</span>` : null}
                  </li>
                `,
              )}
            </ul>`
          : null
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'status-panel': StatusPanel;
  }
}
