/**
 * Reads the reports an MTA sends back: RFC 3464 delivery status notifications and RFC 5965 (ARF)
 * complaint reports, both multipart/report. Only what a bounce needs is read: each recipient's
 * action, status and diagnostic, the feedback type, and the original message's ids.
 */
export interface DeliveryStatusRecipient {
  email: string;
  action: string;
  status: string;
  diagnostic: string;
}

export interface OriginalMessage {
  messageId: string | null;
  /** Our X-Nashra-Ref header: c<campaign>.s<subscriber>. */
  ref: string | null;
  to: string | null;
}

export type Report =
  | { kind: 'delivery-status'; recipients: DeliveryStatusRecipient[]; original: OriginalMessage }
  | { kind: 'feedback'; feedbackType: string; email: string | null; original: OriginalMessage };

interface Part {
  headers: Map<string, string>;
  body: string;
}

export function parseReport(raw: string): Report | null {
  const message = splitPart(raw.replace(/\r\n/g, '\n'));
  const parts = flattenParts(message);
  const original = originalMessage(parts);
  const feedback = parts.find((part) => contentType(part) === 'message/feedback-report');
  if (feedback) {
    const fields = fieldGroups(feedback.body)[0] ?? new Map<string, string>();
    return {
      kind: 'feedback',
      feedbackType: (fields.get('feedback-type') ?? 'abuse').toLowerCase(),
      email: address(fields.get('original-rcpt-to')) ?? address(original.to),
      original,
    };
  }
  const status = parts.find((part) =>
    ['message/delivery-status', 'message/global-delivery-status'].includes(contentType(part)),
  );
  // Some MTAs pipe only the status fields, or a report whose MIME was flattened: read them anyway.
  const groups = fieldGroups(status ? status.body : raw.replace(/\r\n/g, '\n'));
  const recipients = groups
    .filter((fields) => fields.has('final-recipient') || fields.has('original-recipient'))
    .map((fields) => ({
      email: address(fields.get('final-recipient') ?? fields.get('original-recipient')) ?? '',
      action: (fields.get('action') ?? '').toLowerCase(),
      status: (/\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '') ?? [''])[0],
      diagnostic: fields.get('diagnostic-code') ?? '',
    }))
    .filter((recipient) => recipient.email !== '');
  if (recipients.length === 0) return null;
  return { kind: 'delivery-status', recipients, original };
}

function splitPart(text: string): Part {
  const end = text.search(/\n\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  return { headers: headerFields(head), body: decodeBody(headerFields(head), body) };
}

function flattenParts(part: Part): Part[] {
  const boundary = /boundary="?([^";\n]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1];
  if (!contentType(part).startsWith('multipart/') || !boundary) return [part];
  const delimiter = `--${boundary}`;
  const chunks = part.body.split(delimiter).slice(1);
  const children: Part[] = [];
  for (const chunk of chunks) {
    if (chunk.startsWith('--')) break;
    children.push(...flattenParts(splitPart(chunk.replace(/^[ \t]*\n/, ''))));
  }
  return [part, ...children];
}

function originalMessage(parts: Part[]): OriginalMessage {
  const carrier = parts.find((part) =>
    ['message/rfc822', 'text/rfc822-headers', 'message/global-headers'].includes(contentType(part)),
  );
  const headers = carrier ? splitPart(carrier.body).headers : new Map<string, string>();
  return {
    messageId: headers.get('message-id')?.trim() ?? null,
    ref: headers.get('x-nashra-ref')?.trim() ?? null,
    to: headers.get('to')?.trim() ?? null,
  };
}

/** Header lines, unfolded; the first occurrence of a name wins. */
function headerFields(head: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

/** A delivery-status body is groups of fields separated by blank lines: the message's, then one per recipient. */
function fieldGroups(body: string): Map<string, string>[] {
  return body
    .split(/\n[ \t]*\n/)
    .map((group) => headerFields(group))
    .filter((fields) => fields.size > 0);
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    return Buffer.from(
      body
        .replace(/=\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return body;
}

function contentType(part: Part): string {
  return (part.headers.get('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase();
}

/** "rfc822; a@b", "<a@b>", "Name <a@b>" → "a@b". */
function address(value: string | undefined | null): string | null {
  if (!value) return null;
  const bare = value.replace(/^\s*(rfc822|utf-8)\s*;/i, '').trim();
  const angled = /<([^>]+)>/.exec(bare);
  const email = (angled ? angled[1] : bare).trim();
  return email.includes('@') ? email : null;
}
