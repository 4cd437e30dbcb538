/**
 * The fields of an RFC 3464 delivery-status text, grouped per recipient. Works on a
 * message/delivery-status part and on the same fields pasted into a plain-text bounce.
 */

/** One per-recipient group: lower-case field names, folded lines joined, the first of a name kept. */
export type FieldGroup = ReadonlyMap<string, string>;

const FIELD = /^([A-Za-z][A-Za-z0-9-]{1,40}):[ \t]*(.*)$/;
const STARTS_RECIPIENT = new Set(['final-recipient', 'original-recipient']);

/**
 * Splits the text into field groups. A group ends at an empty line, or where a new
 * Final-Recipient begins inside the same block (some MTAs leave out the empty line). A
 * per-recipient group is one naming a recipient; the per-message group has Reporting-MTA.
 */
export function fieldGroups(text: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last = '';
  const close = (): void => {
    if (current.size > 0) groups.push(current);
    current = new Map();
    last = '';
  };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') {
      close();
      continue;
    }
    if (/^[ \t]/.test(line) && last !== '') {
      current.set(last, `${current.get(last) ?? ''} ${line.trim()}`.trim());
      continue;
    }
    const field = FIELD.exec(line);
    if (!field) {
      last = '';
      continue;
    }
    const name = field[1].toLowerCase();
    if (name === 'final-recipient' && current.has('final-recipient')) close();
    else if (
      name === 'original-recipient' &&
      current.has('original-recipient') &&
      !current.has('final-recipient')
    ) {
      close();
    }
    if (!current.has(name)) current.set(name, field[2].trim());
    last = current.get(name) === field[2].trim() ? name : '';
  }
  close();
  return groups;
}

export function isRecipientGroup(group: FieldGroup): boolean {
  return [...STARTS_RECIPIENT].some((name) => group.has(name));
}

/** A field's value without its type prefix (`rfc822;`, `dns;`, `smtp;`). */
export function withoutType(value: string): { type: string; value: string } {
  const typed = /^([A-Za-z0-9-]{2,20})\s*;\s*(.*)$/.exec(value.trim());
  if (!typed) return { type: '', value: value.trim() };
  return { type: typed[1].toLowerCase(), value: typed[2].trim() };
}

const ADDRESS = /^(?:"[^"\n]{1,200}"|[^\s@<>()",;:]+)@[A-Za-z0-9_.-]*[A-Za-z0-9]\.?$/;

/**
 * The mailbox named by a Final-Recipient or Original-Recipient value, or '' when unusable:
 * `rfc822; <a@b>`, a source route `@relay:user@host`, or a pipe command ending in an address.
 */
export function recipientAddress(value: string): string {
  let rest = withoutType(value).value.replace(/^<|>$/g, '').trim();
  if (rest.startsWith('@')) rest = rest.slice(rest.indexOf(':') + 1);
  if (ADDRESS.test(rest)) return rest.replace(/\.$/, '');
  const words = rest.split(/[\s<>"']+/).filter((word) => ADDRESS.test(word));
  if (rest.startsWith('|') || rest.startsWith('"|'))
    return words.length > 0 ? words[words.length - 1] : '';
  return words.length === 1 ? words[0] : '';
}
