/**
 * Small text helpers for reading MIME parts: transfer decoding, charsets, header blocks and
 * html made text. Every loop here is linear in its input; bounces are untrusted.
 */
import he from 'he';
import iconv from 'iconv-lite';
import libmime from 'libmime';

/** Undoes a Content-Transfer-Encoding, giving the part's bytes. */
export function decodeTransfer(raw: Buffer, encoding: string): Buffer {
  const name = encoding.trim().toLowerCase();
  if (name === 'base64')
    return Buffer.from(raw.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (name === 'quoted-printable') return decodeQuotedPrintable(raw.toString('latin1'));
  return raw;
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=[ \t]*\r?\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    ),
    'latin1',
  );
}

/**
 * Bytes to text in the named charset. Node's TextDecoder (full ICU) knows ISO-2022-JP and most
 * others; iconv-lite covers a few more. Unlabelled text is UTF-8 when it is valid, else Latin-1.
 */
export function decodeCharset(bytes: Buffer, charset: string): string {
  return withoutNul(decodeBytes(bytes, charset));
}

function decodeBytes(bytes: Buffer, charset: string): string {
  const name = charset
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (name !== '' && name !== 'us-ascii' && name !== 'utf-8' && name !== 'utf8') {
    try {
      return new TextDecoder(name).decode(bytes);
    } catch {
      if (iconv.encodingExists(name)) return iconv.decode(bytes, name);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * A report's text never holds NUL: a report quotes strangers' bytes, and what it says is matched
 * against and stored in text columns, where PostgreSQL refuses U+0000.
 */
function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

/** RFC 2047 encoded words to text; a malformed word is left as it is. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return withoutNul(libmime.decodeWords(value));
  } catch {
    return value;
  }
}

/**
 * A header block (text up to the first empty line) as a map: lower-case names, folded lines
 * joined, encoded words decoded, the first occurrence of a name kept. An mbox "From " line
 * before the headers is skipped.
 */
export function parseHeaderBlock(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  let name = '';
  let value = '';
  const keep = (): void => {
    if (name !== '' && !headers.has(name)) headers.set(name, decodeEncodedWords(value.trim()));
  };
  for (const line of text.split('\n')) {
    const clean = line.replace(/\r$/, '');
    if (clean.trim() === '') {
      if (name !== '' || headers.size > 0) break;
      continue;
    }
    if (/^[ \t]/.test(clean)) {
      if (name !== '') value += ' ' + clean.trim();
      continue;
    }
    const colon = clean.indexOf(':');
    if (colon <= 0 || /\s/.test(clean.slice(0, colon).trim()) || colon > 80) {
      if (headers.size === 0 && name === '' && clean.startsWith('From ')) continue;
      if (name === '') continue;
      break;
    }
    keep();
    name = clean.slice(0, colon).trim().toLowerCase();
    value = clean.slice(colon + 1);
  }
  keep();
  return headers;
}

/** Html made readable text: scripts and styles dropped, tags to spaces or line ends, entities decoded. */
export function htmlToText(html: string): string {
  const withoutCode = dropElements(dropElements(html, 'style'), 'script');
  return he
    .decode(
      withoutCode
        .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6])\b[^>]*>/gi, '\n')
        .replace(/<[^>]*>/g, ' ')
        .replace(/[ \t\u00a0]+/g, ' ')
        .replace(/ ?\n ?/g, '\n'),
    )
    .replace(/\u00a0/g, ' ');
}

function dropElements(html: string, tag: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let from = 0;
  for (;;) {
    const open = lower.indexOf('<' + tag, from);
    if (open < 0) break;
    const close = lower.indexOf('</' + tag, open);
    out += html.slice(from, open);
    if (close < 0) return out;
    const end = lower.indexOf('>', close);
    from = end < 0 ? html.length : end + 1;
  }
  return out + html.slice(from);
}
