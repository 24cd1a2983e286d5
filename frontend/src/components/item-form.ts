import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import {
  ApiHttpError,
  createItem,
  describeError,
  updateItem,
  type Item,
  type ItemChanges,
  type NewItem,
} from '../api.js';
import { base } from '../styles.js';

interface Draft {
  name: string;
  description: string;
}

interface Problems {
  name?: string;
  description?: string;
  form?: string;
}

/** Where each failure is shown: the API's validation and conflict messages beside their field. */
function problemsOf(error: unknown): Problems {
  if (error === undefined) return {};
  if (error instanceof ApiHttpError) {
    if (error.status === 409) return { name: error.message };
    const { name, description } = error.fields;
    if (name || description) return { name: name?.join(' '), description: description?.join(' ') };
  }
  return { form: `Could not save: ${describeError(error)}` };
}

/** The description is optional: left empty, it is not sent. */
const newItemOf = ({ name, description }: Draft): NewItem => (description ? { name, description } : { name });

/** Only what the person changed; an emptied description is cleared (null). */
function changesOf(item: Item, { name, description }: Draft): ItemChanges {
  const changes: ItemChanges = {};
  if (name !== item.name) changes.name = name;
  if (description !== (item.description ?? '')) changes.description = description || null;
  return changes;
}

/**
 * Creates an item, or edits `item` when set. Fires `item-created` or `item-updated` (detail: the item
 * as the API returned it) and, when editing, `edit-cancelled` (Cancel button or Escape).
 */
@customElement('item-form')
export class ItemForm extends LitElement {
  // focus() on the element lands on its first field.
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    base,
    css`
      form {
        display: grid;
        gap: 0.75rem;
      }
      label {
        display: block;
        font-weight: 600;
      }
      .field p {
        margin: 0.25rem 0 0;
      }
      p[role='alert'] {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) item?: Item;

  @query('form') private form!: HTMLFormElement;

  // Saves are not aborted: the API may already have applied them.
  private readonly saving = new Task(this, {
    task: ([draft]: [Draft]) =>
      this.item ? updateItem(this.item.id, changesOf(this.item, draft)) : createItem(newItemOf(draft)),
    autoRun: false,
    onComplete: (saved) => this.saved(saved),
    onError: () => this.focusAfterRender('[aria-invalid="true"]'),
  });

  override render() {
    const problems = problemsOf(this.saving.error);
    const busy = this.saving.status === TaskStatus.PENDING;
    return html`
      <form novalidate @submit=${this.submit} @keydown=${this.keydown}>
        ${this.field(
          'name',
          'Name',
          problems.name,
          html`
            <input
              id="name"
              name="name"
              required
              autocomplete="off"
              .value=${this.item?.name ?? ''}
              aria-invalid=${problems.name ? 'true' : 'false'}
              aria-describedby="name-error"
            />
          `,
        )}
        ${this.field(
          'description',
          'Description (optional)',
          problems.description,
          html`
            <textarea
              id="description"
              name="description"
              rows="2"
              .value=${this.item?.description ?? ''}
              aria-invalid=${problems.description ? 'true' : 'false'}
              aria-describedby="description-error"
            ></textarea>
          `,
        )}
        ${problems.form ? html`<p class="error" role="alert" data-testid="form-error">${problems.form}</p>` : null}
        <div class="actions">
          <button class="primary" type="submit" aria-disabled=${busy ? 'true' : 'false'}>
            ${busy ? 'Saving…' : this.item ? 'Save' : 'Add item'}
          </button>
          ${this.item ? html`<button type="button" @click=${this.cancel}>Cancel</button>` : null}
        </div>
      </form>
    `;
  }

  private field(id: string, label: string, problem: string | undefined, control: unknown) {
    return html`
      <div class="field">
        <label for=${id}>${label}</label>
        ${control}
        <p id="${id}-error" class="error" data-testid="${id}-error" ?hidden=${!problem}>${problem}</p>
      </div>
    `;
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.saving.status === TaskStatus.PENDING) return;
    const data = new FormData(this.form);
    const text = (field: string) => {
      const value = data.get(field);
      return typeof value === 'string' ? value : '';
    };
    const draft = { name: text('name'), description: text('description') };
    if (this.item && Object.keys(changesOf(this.item, draft)).length === 0) return this.cancel();
    // The task keeps the outcome: its error is rendered, never thrown.
    void this.saving.run([draft]);
  }

  private saved(item: Item) {
    if (!this.item) {
      this.form.reset();
      void this.focusAfterRender('input');
    }
    const type = this.item ? 'item-updated' : 'item-created';
    this.dispatchEvent(new CustomEvent(type, { detail: item, bubbles: true, composed: true }));
  }

  /** Focuses what the render in progress (the save's outcome) puts on screen. */
  private async focusAfterRender(selector: string) {
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private keydown(event: KeyboardEvent) {
    if (event.key === 'Escape' && this.item) this.cancel();
  }

  private cancel() {
    this.dispatchEvent(new CustomEvent('edit-cancelled', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'item-form': ItemForm;
  }
  interface HTMLElementEventMap {
    'item-created': CustomEvent<Item>;
    'item-updated': CustomEvent<Item>;
    'edit-cancelled': CustomEvent<void>;
  }
}
