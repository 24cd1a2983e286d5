import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { deleteItem, describeError, type Item } from '../api.js';
import { base } from '../styles.js';
import './item-form.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

type Mode = 'view' | 'edit' | 'confirm-delete';

/**
 * One item: shown, edited in place, or deleted after a confirmation. Fires `item-deleted`; its editor's
 * `item-updated` bubbles through.
 */
@customElement('item-card')
export class ItemCard extends LitElement {
  static override styles = [
    base,
    css`
      h3 {
        margin: 0;
        font-size: 1rem;
        overflow-wrap: anywhere;
      }
      p {
        margin: 0.25rem 0 0;
        overflow-wrap: anywhere;
      }
      .actions {
        margin-block-start: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) item!: Item;

  @state() private mode: Mode = 'view';

  // Deletes are not aborted: the API may already have applied them.
  private readonly deletion = new Task(this, {
    task: ([id]: [number]) => deleteItem(id),
    autoRun: false,
    onComplete: () =>
      this.dispatchEvent(new CustomEvent('item-deleted', { detail: this.item, bubbles: true, composed: true })),
  });

  override render() {
    if (this.mode === 'edit') {
      return html`<item-form
        data-action="form"
        .item=${this.item}
        @item-updated=${this.itemUpdated}
        @edit-cancelled=${this.closeEditor}
      ></item-form>`;
    }
    const { name, description, createdAt, updatedAt } = this.item;
    return html`
      <h3 data-testid="item-name">${name}</h3>
      ${description ? html`<p data-testid="item-description">${description}</p>` : null}
      <p class="muted">
        Added <time datetime=${createdAt}>${formatDate(createdAt)}</time>${
          updatedAt !== createdAt ? html`, edited <time datetime=${updatedAt}>${formatDate(updatedAt)}</time>` : null
        }
      </p>
      ${this.mode === 'confirm-delete' ? this.renderConfirm() : this.renderActions()}
    `;
  }

  private renderActions() {
    const name = html`<span class="visually-hidden"> “${this.item.name}”</span>`;
    return html`
      <div class="actions">
        <button type="button" data-action="edit" @click=${() => this.setMode('edit', 'form')}>Edit${name}</button>
        <button
          type="button"
          class="danger"
          data-action="delete"
          @click=${() => this.setMode('confirm-delete', 'cancel')}
        >
          Delete${name}
        </button>
      </div>
    `;
  }

  private renderConfirm() {
    const busy = this.deletion.status === TaskStatus.PENDING;
    const error = this.deletion.status === TaskStatus.ERROR ? describeError(this.deletion.error) : '';
    return html`
      <div class="actions" role="group" aria-label="Delete “${this.item.name}”?">
        <span>Delete this item?</span>
        <button
          type="button"
          class="danger"
          data-action="confirm"
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => busy || this.deletion.run([this.item.id])}
        >
          ${busy ? 'Deleting…' : 'Delete'}
        </button>
        <button type="button" data-action="cancel" @click=${() => this.setMode('view', 'delete')}>Keep</button>
      </div>
      ${error ? html`<p class="error" role="alert">Could not delete: ${error}</p>` : null}
    `;
  }

  /** Switches mode, then moves the focus to what replaced the button that was used. */
  private async setMode(mode: Mode, focus: string) {
    this.mode = mode;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-action="${focus}"]`)?.focus();
  }

  private itemUpdated(event: CustomEvent<Item>) {
    this.item = event.detail;
    this.closeEditor();
  }

  private closeEditor() {
    void this.setMode('view', 'edit');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'item-card': ItemCard;
  }
  interface HTMLElementEventMap {
    'item-deleted': CustomEvent<Item>;
  }
}
