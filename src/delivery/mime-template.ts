import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import { escapeHtml } from '../common/html.js';

const SLOT = /\[\[([a-z_]+)\]\]/g;
const CRLF = '\r\n';
// A soft line break: quoted-printable decoders drop it, so encoded pieces join seamlessly.
const SOFT_BREAK = Buffer.from(`=${CRLF}`);

type Slots = Record<string, string>;
type Piece = Buffer | ((values: Slots) => Buffer);

export type TransferEncoding = 'quoted-printable' | 'base64';

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
 *
 * Each part takes the smaller transfer encoding. Quoted-printable costs 3 bytes a byte outside
 * ASCII, so Arabic text (2 bytes a letter in UTF-8) grows sixfold; base64 grows everything by a
 * third. Quoted-printable pieces end with a soft line break, so values of any length slot in
 * without breaking the 76-character lines; a base64 part is encoded whole for each message
 * (a few tens of microseconds), as its groups of three bytes do not survive a slot.
 */
export class MimeTemplate {
  private readonly pieces: Piece[];
  /** The transfer encoding each part was given, for the record (and the tests). */
  readonly encodings: { text: TransferEncoding; html: TransferEncoding };

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
    const text = bodyPart(input.text, (value) => value);
    const html = bodyPart(input.html, escapeHtml);
    this.encodings = { text: text.encoding, html: html.encoding };
    const part = (type: string, encoding: TransferEncoding) =>
      [
        '',
        `--${boundary}`,
        `Content-Type: ${type}; charset=utf-8`,
        `Content-Transfer-Encoding: ${encoding}`,
        '',
        '',
      ].join(CRLF);
    this.pieces = [
      ...headerPieces(`${head}${CRLF}`),
      Buffer.from(part('text/plain', text.encoding)),
      ...text.pieces,
      Buffer.from(part('text/html', html.encoding)),
      ...html.pieces,
      Buffer.from(`${CRLF}--${boundary}--${CRLF}`),
    ];
  }

  /** One recipient's message. Values must not hold line breaks (they are ids, addresses, URLs). */
  render(values: Slots): Buffer {
    const buffers: Buffer[] = [];
    for (const piece of this.pieces) {
      buffers.push(Buffer.isBuffer(piece) ? piece : piece(values));
    }
    return Buffer.concat(buffers);
  }
}

function slotValue(values: Slots, key: string): string {
  const value = values[key];
  if (value === undefined) throw new Error(`no value for [[${key}]]`);
  if (/[\r\n]/.test(value)) throw new Error(`[[${key}]] must be a single line`);
  return value;
}

function headerPieces(head: string): Piece[] {
  return split(head).map((piece) =>
    typeof piece === 'string'
      ? Buffer.from(piece)
      : (values: Slots) => Buffer.from(slotValue(values, piece.slot)),
  );
}

/**
 * A body's pieces in the smaller of the two encodings, judged on the template itself (slots are
 * short next to a digest). Text travels with CRLF line ends, MIME's canonical form.
 */
function bodyPart(
  body: string,
  escape: (value: string) => string,
): { encoding: TransferEncoding; pieces: Piece[] } {
  const pieces = split(body.replace(/\r?\n/g, CRLF));
  const qpPieces = pieces.flatMap((piece): Piece[] => {
    if (typeof piece !== 'string') {
      return [(values: Slots) => encodeQp(escape(slotValue(values, piece.slot)))];
    }
    return piece === '' ? [] : [encodeQp(piece)];
  });
  const qpSize = qpPieces.reduce(
    (size, piece) => size + (Buffer.isBuffer(piece) ? piece.length : 0),
    0,
  );
  const bytes = Buffer.byteLength(body);
  const base64Size = Math.ceil(bytes / 3) * 4 * (78 / 76);
  if (qpSize <= base64Size) return { encoding: 'quoted-printable', pieces: qpPieces };
  const parts = pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece));
  return {
    encoding: 'base64',
    pieces: [
      (values: Slots) =>
        encodeBase64(
          Buffer.concat(
            parts.map((part) =>
              Buffer.isBuffer(part) ? part : Buffer.from(escape(slotValue(values, part.slot))),
            ),
          ),
        ),
    ],
  };
}

/**
 * Quoted-printable, wrapped at 74 (76 once a dot is escaped), ending in a soft line break. A dot that would start a line is
 * written =2E, so the message can go to SMTP as it is: no line of it needs dot-stuffing.
 */
function encodeQp(text: string): Buffer {
  const encoded = qp.wrap(qp.encode(Buffer.from(text)), 74).replace(/(^|\r\n)\./g, '$1=2E');
  return Buffer.concat([Buffer.from(encoded), SOFT_BREAK]);
}

const BASE64_LINE = 76;

/** Base64 in lines of 76, each ending in CRLF (no line of it can start with a dot). */
function encodeBase64(bytes: Buffer): Buffer {
  const encoded = Buffer.from(bytes.toString('base64'), 'latin1');
  const lines = Math.ceil(encoded.length / BASE64_LINE);
  const out = Buffer.allocUnsafe(encoded.length + lines * 2);
  let at = 0;
  for (let start = 0; start < encoded.length; start += BASE64_LINE) {
    at += encoded.copy(out, at, start, Math.min(start + BASE64_LINE, encoded.length));
    out[at++] = 0x0d;
    out[at++] = 0x0a;
  }
  return out;
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
