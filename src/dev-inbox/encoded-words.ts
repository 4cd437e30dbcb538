/** An RFC 2047 encoded word: =?charset(*language)?B|Q?text?= */
const ENCODED_WORD = /=\?([^?*\s]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;

interface Word {
  start: number;
  end: number;
  charset: string;
  bytes: Buffer;
}

/**
 * A header line as a person reads it: `=?UTF-8?B?…?=` words decoded (RFC 2047). Adjacent words of
 * one charset are joined before decoding, since an encoder may split a letter's bytes between
 * two of them, and the space between two encoded words is not part of the text (§6.2). A word in a
 * charset this runtime does not know is left as it came.
 */
export function decodeEncodedWords(value: string): string {
  const words: Word[] = [...value.matchAll(ENCODED_WORD)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    charset: match[1].toLowerCase(),
    bytes: wordBytes(match[2], match[3]),
  }));
  let out = '';
  let cursor = 0;
  for (let index = 0; index < words.length;) {
    const first = words[index];
    const run = [first];
    while (
      index + run.length < words.length &&
      words[index + run.length].charset === first.charset &&
      /^\s*$/.test(value.slice(run[run.length - 1].end, words[index + run.length].start))
    ) {
      run.push(words[index + run.length]);
    }
    const last = run[run.length - 1];
    const gap = value.slice(cursor, first.start);
    if (index === 0 || !/^\s*$/.test(gap)) out += gap;
    out +=
      decodeBytes(first.charset, Buffer.concat(run.map((word) => word.bytes))) ??
      value.slice(first.start, last.end);
    cursor = last.end;
    index += run.length;
  }
  return out + value.slice(cursor);
}

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const latin = text
    .replace(/_/g, ' ')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin, 'latin1');
}

function decodeBytes(charset: string, bytes: Buffer): string | null {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return null;
  }
}
