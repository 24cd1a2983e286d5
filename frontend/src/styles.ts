import { css } from 'lit';

/**
 * Shared by every component's `static styles` (adopted stylesheets: allowed by `style-src 'self'`,
 * unlike inline `<style>` or `style=` attributes). Colours come from global.css custom properties.
 */
export const base = css`
  :host {
    display: block;
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.25rem;
  }
  .muted {
    color: var(--color-muted);
    font-size: 0.875rem;
  }
  .error {
    color: var(--color-bad);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: 2.5rem;
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--color-border-strong);
    border-radius: 0.375rem;
    background: var(--color-surface);
    cursor: pointer;
  }
  button:hover:not([aria-disabled='true']) {
    background: var(--color-surface-hover);
  }
  /* aria-disabled, not disabled: a button that disables itself under the keyboard focus drops it. */
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button.primary {
    border-color: var(--color-accent);
    background: var(--color-accent);
    color: var(--color-on-accent);
  }
  button.primary:hover:not([aria-disabled='true']) {
    background: var(--color-accent-hover);
  }
  button.danger {
    border-color: var(--color-bad);
    color: var(--color-bad);
  }
  input,
  textarea {
    box-sizing: border-box;
    width: 100%;
    padding: 0.5rem;
    border: 1px solid var(--color-border-strong);
    border-radius: 0.375rem;
    background: var(--color-field);
  }
  [aria-invalid='true'] {
    border-color: var(--color-bad);
  }
  :focus-visible {
    outline: 3px solid var(--color-focus);
    outline-offset: 2px;
  }
  .card {
    border: 1px solid var(--color-border);
    border-radius: 0.5rem;
    padding: 0.75rem 1rem;
    background: var(--color-surface);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
`;
