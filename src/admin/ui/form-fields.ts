import { html, type SafeHtml } from '../../common/html.js';

/** An <option>, selected when it is the chosen value. */
export function selectOption(value: string, label: string, chosen: string | undefined): SafeHtml {
  return html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${label}</option>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}
