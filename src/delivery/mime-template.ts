import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import { escapeHtml } from '../common/html.js';

const SLOT = /\[\[([a-z_]+)\]\]/g;
const CRLF = '\r\n';
// A soft line break: quoted-printable decoders drop it, so encoded pieces join seamlessly.
const SOFT_BREAK = Buffer.from(`=${CRLF}`);

type Piece = Buffer | { slot: string; encode: (value: string) => Buffer };

export interface MimeTemplateInput {
  from: string;
  subject: string;
  /** Header values; `[[key]]` in one is filled per message, as is (ASCII only). */
  headers: Record<string, string>;
  /** Bodies with `[[key]]` slots: HTML-escaped in the HTML part, as they are in the text part. */
  html: string;
  text: string;
}

/**
 * The whole MIME message of a campaign, built once: headers and both bodies are encoded ahead,
 * split at the per-message slots (recipient, Message-ID, links). A message is then the static
 * buffers with a few short values encoded between them, with no MIME building per recipient.
 * Bodies are quoted-printable; each piece ends with a soft line break, so values of any length
 * slot in without breaking the 76-character lines.
 */
export class MimeTemplate {
  private readonly pieces: Piece[];

  constructor(input: MimeTemplateInput) {
    const boundary = `----nashra-${randomBytes(12).toString('hex')}`;
    const head = [
      `From: ${encodeAddress(input.from)}`,
      'To: [[to]]',
      foldLines(`Subject: ${encodeWords(input.subject, 'B', 52)}`, 76),
      'Date: [[date]]',
      'Message-ID: <[[message_id]]>',
      ...Object.entries(input.headers).map(([name, value]) => `${name}: ${value}`),
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
    ].join(CRLF);
    const part = (type: string) =>
      [
        '',
        `--${boundary}`,
        `Content-Type: ${type}; charset=utf-8`,
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '',
      ].join(CRLF);
    this.pieces = [
      ...headerPieces(`${head}${CRLF}`),
      Buffer.from(part('text/plain')),
      ...bodyPieces(input.text, (value) => value),
      Buffer.from(part('text/html')),
      ...bodyPieces(input.html, escapeHtml),
      Buffer.from(`${CRLF}--${boundary}--${CRLF}`),
    ];
  }

  /** One recipient's message. Values must not hold line breaks (they are ids, addresses, URLs). */
  render(values: Record<string, string>): Buffer {
    const buffers: Buffer[] = [];
    for (const piece of this.pieces) {
      if (Buffer.isBuffer(piece)) buffers.push(piece);
      else buffers.push(piece.encode(slotValue(values, piece.slot)));
    }
    return Buffer.concat(buffers);
  }
}

function slotValue(values: Record<string, string>, key: string): string {
  const value = values[key];
  if (value === undefined) throw new Error(`no value for [[${key}]]`);
  if (/[\r\n]/.test(value)) throw new Error(`[[${key}]] must be a single line`);
  return value;
}

function headerPieces(head: string): Piece[] {
  return split(head).map((piece) =>
    typeof piece === 'string'
      ? Buffer.from(piece)
      : { slot: piece.slot, encode: (value: string) => Buffer.from(value) },
  );
}

/** Text parts travel with CRLF line ends (MIME's canonical form), encoded as real line breaks. */
function bodyPieces(body: string, escape: (value: string) => string): Piece[] {
  return split(body.replace(/\r?\n/g, CRLF)).flatMap((piece): Piece[] => {
    if (typeof piece !== 'string') {
      return [{ slot: piece.slot, encode: (value) => encodeQp(escape(value)) }];
    }
    return piece === '' ? [] : [encodeQp(piece)];
  });
}

/**
 * Quoted-printable, wrapped at 74 (76 once a dot is escaped), ending in a soft line break. A dot that would start a line is
 * written =2E, so the message can go to SMTP as it is: no line of it needs dot-stuffing.
 */
function encodeQp(text: string): Buffer {
  const encoded = qp.wrap(qp.encode(Buffer.from(text)), 74).replace(/(^|\r\n)\./g, '$1=2E');
  return Buffer.concat([Buffer.from(encoded), SOFT_BREAK]);
}

function split(text: string): (string | { slot: string })[] {
  const pieces: (string | { slot: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(SLOT)) {
    pieces.push(text.slice(last, match.index));
    pieces.push({ slot: match[1] });
    last = match.index + match[0].length;
  }
  pieces.push(text.slice(last));
  return pieces;
}

/** «نشرة <newsletter@example.com>» with the name MIME-encoded. */
function encodeAddress(value: string): string {
  const [address] = addressparser(value) as { name: string; address: string }[];
  if (!address?.address) throw new Error(`not an address: ${value}`);
  return address.name
    ? `${encodeWords(address.name, 'B', 52)} <${address.address}>`
    : `<${address.address}>`;
}

/** The envelope sender (MAIL FROM) of an address header. */
export function envelopeAddress(value: string): string {
  const [address] = addressparser(value) as { address: string }[];
  return address.address;
}
