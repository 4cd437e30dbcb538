/**
 * Reads RFC 3464 per-recipient fields wherever a provider writes them: in a delivery-status part,
 * or flattened into its text (Amazon WorkMail, Office 365's "Original message headers" block).
 * The core rfc3464 reader owns the standard; the providers use this to add what their own format
 * says on top of the same fields (formats as documented by Sisimai's lhost modules).
 */
import type { RecipientAction } from '../failed-recipient.js';
import { cleanAddress, oneLine } from './report-text.js';

export interface DsnFields {
  recipient: string;
  action: RecipientAction | '';
  status: string;
  diagnostic: string;
  remoteMta: string;
}

const FIELD = /^([A-Za-z-]+):\s*(.*)$/;
const ACTIONS: readonly RecipientAction[] = [
  'failed',
  'delayed',
  'delivered',
  'relayed',
  'expanded',
];

function typedValue(value: string): string {
  const semicolon = value.indexOf(';');
  return (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim();
}

/** Each Final-Recipient (or a lone Original-Recipient) group, in order. */
export function readDsnFields(text: string): DsnFields[] {
  const groups: DsnFields[] = [];
  let current: DsnFields | null = null;
  let lastField = '';
  for (const line of text.split('\n')) {
    if (/^[ \t]/.test(line) && current && lastField === 'diagnostic-code') {
      current.diagnostic = oneLine(`${current.diagnostic} ${line}`);
      continue;
    }
    const field = FIELD.exec(line);
    lastField = field ? field[1].toLowerCase() : '';
    if (!field) continue;
    const value = field[2];
    if (
      lastField === 'final-recipient' ||
      (lastField === 'original-recipient' && !current?.recipient)
    ) {
      const recipient = cleanAddress(typedValue(value));
      if (lastField === 'original-recipient' && current) {
        current.recipient = recipient;
        continue;
      }
      current = { recipient, action: '', status: '', diagnostic: '', remoteMta: '' };
      groups.push(current);
    } else if (current && lastField === 'action') {
      const action = value.trim().toLowerCase() as RecipientAction;
      current.action = ACTIONS.includes(action) ? action : '';
    } else if (current && lastField === 'status') {
      current.status = /^\d\.\d{1,3}\.\d{1,3}/.exec(value.trim())?.[0] ?? '';
    } else if (current && lastField === 'diagnostic-code') {
      current.diagnostic = oneLine(typedValue(value));
    } else if (current && lastField === 'remote-mta') {
      current.remoteMta = typedValue(value).split(/[\s(]/)[0].replace(/\.$/, '');
    }
  }
  return groups.filter((group) => group.recipient !== '');
}
