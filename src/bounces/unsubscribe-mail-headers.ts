/** What the top of an incoming message says about where it was sent, read before anything else. */
export interface TopLevelHeaders {
  /** To, every Delivered-To, X-Original-To and Envelope-To: the message's own, in that order. */
  recipients: string[];
  /** A delivery or complaint report (multipart/report): the bounce reader's, whoever it is for. */
  isReport: boolean;
  /** An RFC 3834 automatic answer (a vacation reply): nobody asked to leave. */
  autoReplied: boolean;
}

const RECIPIENT_HEADERS = new Set(['to', 'delivered-to', 'x-original-to', 'envelope-to']);
const ADDRESS = /[^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+/g;
/** A header block longer than this is cut: the fields that matter come first. */
const MAX_HEAD = 256 * 1024;

/**
 * Reads the message's own header block and nothing below it: a bounce of a message we sent
 * quotes that message's headers (its List-Unsubscribe, its To) in a part or in its text, and those
 * must never pass for where the bounce itself was sent.
 */
export function topLevelHeaders(raw: Buffer | string): TopLevelHeaders {
  const text = (typeof raw === 'string' ? raw : raw.toString('latin1')).slice(0, MAX_HEAD);
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const recipients: string[] = [];
  let contentType = '';
  let autoSubmitted = '';
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (RECIPIENT_HEADERS.has(name)) recipients.push(...(value.match(ADDRESS) ?? []));
    else if (name === 'content-type' && !contentType) contentType = value.toLowerCase();
    else if (name === 'auto-submitted' && !autoSubmitted) autoSubmitted = value.toLowerCase();
  }
  return {
    recipients: [...new Set(recipients.map((address) => address.toLowerCase()))],
    isReport: contentType.startsWith('multipart/report'),
    autoReplied: autoSubmitted.startsWith('auto-replied'),
  };
}
