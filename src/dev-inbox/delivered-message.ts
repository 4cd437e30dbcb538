import { type AddressObject, type EmailAddress, type ParsedMail, simpleParser } from 'mailparser';
import { decodeEncodedWords } from './encoded-words.js';
import { receivedAtOf } from './message-folder.js';

export interface MailAddress {
  name: string;
  address: string;
}

/** The SMTP envelope: who sent the message and to whom it was delivered. */
export interface Envelope {
  from: string;
  to: string[];
}

/** What the inbox's list shows of a message. */
export interface InboxSummary extends Envelope {
  id: string;
  receivedAt: Date;
  subject: string;
  /** The From and To headers, decoded: what a mail client shows. */
  fromHeader: MailAddress[];
  toHeader: MailAddress[];
}

export interface InboxMessage extends InboxSummary {
  /** Every header line, unfolded, its encoded words decoded: [name in lower case, line]. */
  headers: [string, string][];
  html: string;
  text: string;
}

/**
 * The message as a local delivery agent files it: the envelope on top as `Return-Path` and one
 * `Delivered-To` per recipient, so the file alone says who it went to.
 */
export function withEnvelope(raw: Buffer, envelope: Envelope): Buffer {
  const line = (name: string, value: string) => `${name}: ${value.replace(/[\r\n]/g, '')}\r\n`;
  const head =
    line('Return-Path', `<${envelope.from}>`) +
    envelope.to.map((address) => line('Delivered-To', address)).join('');
  return Buffer.concat([Buffer.from(head), raw]);
}

/** The list's view of a filed message, from its headers alone (the body is not read). */
export async function summarize(id: string, filed: Buffer): Promise<InboxSummary> {
  return summaryOf(id, await simpleParser(headerBlock(filed)));
}

export async function readMessage(id: string, filed: Buffer): Promise<InboxMessage> {
  const parsed = await simpleParser(filed);
  return {
    ...summaryOf(id, parsed),
    headers: parsed.headerLines.map(({ key, line }) => [key, decodeEncodedWords(unfold(line))]),
    html: typeof parsed.html === 'string' ? parsed.html : '',
    text: parsed.text ?? '',
  };
}

function summaryOf(id: string, parsed: ParsedMail): InboxSummary {
  return {
    id,
    receivedAt: receivedAtOf(id),
    ...envelopeOf(parsed.headerLines),
    subject: parsed.subject ?? '',
    fromHeader: addresses(parsed.from),
    toHeader: addresses(parsed.to),
  };
}

/** The envelope lines `withEnvelope` put on top; the message's own further down are its own. */
function envelopeOf(lines: ParsedMail['headerLines']): Envelope {
  const envelope: Envelope = { from: '', to: [] };
  for (const { key, line } of lines) {
    const unfolded = unfold(line);
    const value = unfolded.slice(unfolded.indexOf(':') + 1).trim();
    if (key === 'return-path' && !envelope.from && envelope.to.length === 0) {
      envelope.from = value.replace(/^<|>$/g, '');
    } else if (key === 'delivered-to') {
      envelope.to.push(value);
    } else {
      break;
    }
  }
  return envelope;
}

function addresses(header: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const flat = (list: EmailAddress[]): MailAddress[] =>
    list.flatMap((entry) =>
      entry.group ? flat(entry.group) : [{ name: entry.name, address: entry.address ?? '' }],
    );
  return [header ?? []].flat().flatMap((object) => flat(object.value));
}

function headerBlock(filed: Buffer): Buffer {
  for (const separator of ['\r\n\r\n', '\n\n']) {
    const end = filed.indexOf(separator);
    if (end >= 0) return filed.subarray(0, end + separator.length);
  }
  return filed;
}

function unfold(line: string): string {
  return line.replace(/\r?\n(?=[ \t])/g, '');
}
