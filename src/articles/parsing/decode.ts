import { TextDecoder } from 'node:util';

/** A feed's text, the encoding it was read in, and the label it declared when nobody knows it. */
export interface DecodedFeed {
  text: string;
  encoding: string;
  /** The declared label, when no decoder knows it and the feed was read as UTF-8. */
  unknownLabel: string | null;
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

/**
 * Bytes to text, as a browser would read a feed: a byte order mark wins, then the HTTP charset,
 * then the XML declaration's encoding, then an HTML `<meta charset>`; UTF-8 when none says. Labels
 * are WHATWG's (Node's TextDecoder knows windows-1256, ISO-8859-x, GBK/GB2312, Shift_JIS, …); an
 * unknown one is read as UTF-8 and noted. A server that says UTF-8 over bytes that are not, while
 * the document declares another encoding, is a common misconfiguration: the declaration wins then.
 */
export function decodeFeed(bytes: Uint8Array, contentType = ''): DecodedFeed {
  for (const [mark, encoding] of BOMS) {
    if (mark.every((byte, index) => bytes[index] === byte)) {
      return {
        text: new TextDecoder(encoding).decode(bytes.subarray(mark.length)),
        encoding,
        unknownLabel: null,
      };
    }
  }
  const fromHeader = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1] ?? null;
  const fromDocument = declaredEncoding(bytes);
  const label = fromHeader ?? fromDocument;
  if (!label) return utf8(bytes, null);
  const decoder = decoderFor(label);
  if (!decoder) return utf8(bytes, label);
  if (decoder.encoding === 'utf-8' && fromHeader && fromDocument) {
    const declared = decoderFor(fromDocument);
    if (declared && declared.encoding !== 'utf-8' && !isUtf8(bytes)) {
      return { text: declared.decode(bytes), encoding: declared.encoding, unknownLabel: null };
    }
  }
  return { text: decoder.decode(bytes), encoding: decoder.encoding, unknownLabel: null };
}

function utf8(bytes: Uint8Array, unknownLabel: string | null): DecodedFeed {
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', unknownLabel };
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null;
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding the document names in its first kilobyte: the XML declaration (after any white
 * space), else a `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
 * Every label is ASCII, so the bytes are read as Latin-1 to find it.
 */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const declaration = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (declaration) return declaration[1];
  if (/^\s*<\?xml\s/i.test(head)) return null;
  return /<meta\s[^>]*?charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null;
}
