import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import { escapeHtml } from '../common/html.js';
import type { TemplatePiece } from '../rendering/template-renderer.js';

const SLOT = /\[\[([a-z_]+)\]\]/g;
const CRLF = '\r\n';
// A soft line break: quoted-printable decoders drop it, so encoded pieces join seamlessly.
const SOFT_BREAK = Buffer.from(`=${CRLF}`);

type Slots = Record<string, string>;
type Piece = Buffer | ((values: Slots) => Buffer);
/** Our own text with `[[key]]` slots, or a compiled template's pieces (values never scanned). */
type Body = string | readonly TemplatePiece[];

export type TransferEncoding = 'quoted-printable' | 'base64';

export interface MimeTemplateInput {
  /** Taken as it is: never scanned for slots. */
  from: string;
  /** Taken as it is: never scanned for slots, so an editor's "[[to]]" stays text. */
  subject: string;
  /** Header values; `[[key]]` in one is filled per message, as is (ASCII only). */
  headers: Record<string, string>;
  /** Bodies with slots: HTML-escaped in the HTML part, as they are in the text part. */
  html: Body;
  text: Body;
}

/**
 * The whole MIME message of a campaign, built once: headers and both bodies are encoded ahead,
 * split at the per-message slots (recipient, Message-ID, links). A message is then the static
 * buffers with a few short values encoded between them, with no MIME building per recipient.
 *
 * Each part takes the smaller transfer encoding. Quoted-printable costs 3 bytes a byte outside
 * ASCII, so Arabic text (2 bytes a letter in UTF-8) grows sixfold; base64 grows everything by a
 * third. Quoted-printable pieces end with a soft line break, so values of any length slot in
 * without breaking the 76-character lines. Base64's groups of three bytes do not survive a slot, so
 * a base64 part is encoded once up to its first slot and from there for each message.
 */
export class MimeTemplate {
  private readonly pieces: Piece[];
  /** The transfer encoding each part was given, for the record (and the tests). */
  readonly encodings: { text: TransferEncoding; html: TransferEncoding };

  constructor(input: MimeTemplateInput) {
    const boundary = `----nashra-${randomBytes(12).toString('hex')}`;
    const head: TemplatePiece[] = [
      `From: ${encodeAddress(input.from)}${CRLF}To: `,
      { slot: 'to' },
      `${CRLF}${foldLines(`Subject: ${encodeWords(input.subject, 'B', 52)}`, 76)}${CRLF}Date: `,
      { slot: 'date' },
      `${CRLF}Message-ID: <`,
      { slot: 'message_id' },
      `>${CRLF}`,
      ...split(
        Object.entries(input.headers)
          .map(([name, value]) => `${name}: ${value}${CRLF}`)
          .join(''),
      ),
      `MIME-Version: 1.0${CRLF}`,
      `Content-Type: multipart/alternative; boundary="${boundary}"${CRLF}`,
    ];
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
      ...headerPieces(head),
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

function headerPieces(head: readonly TemplatePiece[]): Piece[] {
  return head.map((piece) =>
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
  body: Body,
  escape: (value: string) => string,
): { encoding: TransferEncoding; pieces: Piece[] } {
  const pieces = merged(typeof body === 'string' ? split(body) : body).map((piece) =>
    typeof piece === 'string' ? piece.replace(/\r?\n/g, CRLF) : piece,
  );
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
  const bytes = pieces.reduce(
    (size, piece) => size + (typeof piece === 'string' ? Buffer.byteLength(piece) : 0),
    0,
  );
  const base64Size = Math.ceil(bytes / 3) * 4 * (78 / 76);
  if (qpSize <= base64Size) return { encoding: 'quoted-printable', pieces: qpPieces };
  const parts = pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece));
  // Everything before the first slot is the same in every message: its whole lines are encoded
  // once, and only the rest (in a digest, the footer with the reader's links) for each message.
  const firstSlot = parts.findIndex((part) => !Buffer.isBuffer(part));
  const staticHead = Buffer.concat(
    parts.slice(0, firstSlot < 0 ? parts.length : firstSlot) as Buffer[],
  );
  if (firstSlot < 0) return { encoding: 'base64', pieces: [encodeBase64(staticHead)] };
  const wholeLines = staticHead.length - (staticHead.length % BASE64_LINE_BYTES);
  const tail = [staticHead.subarray(wholeLines), ...parts.slice(firstSlot)];
  return {
    encoding: 'base64',
    pieces: [
      encodeBase64(staticHead.subarray(0, wholeLines)),
      (values: Slots) =>
        encodeBase64(
          Buffer.concat(
            tail.map((part) =>
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
/** The bytes one base64 line of 76 characters holds. */
const BASE64_LINE_BYTES = (BASE64_LINE / 4) * 3;

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

/** Neighbouring strings as one, so line ends and encoded lines run across them. */
function merged(pieces: readonly TemplatePiece[]): TemplatePiece[] {
  const out: TemplatePiece[] = [];
  for (const piece of pieces) {
    const last = out.length - 1;
    if (typeof piece === 'string' && typeof out[last] === 'string') out[last] += piece;
    else out.push(piece);
  }
  return out;
}

/** Our own text (headers, a template given as a string) split at its `[[key]]` slots. */
function split(text: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
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
