import { encodeWord, encodeWords } from 'nodemailer/lib/mime-funcs';

/**
 * The headers every campaign email and the welcome carry (docs/architecture.md, "Email
 * headers"): RFC 2369 List-Unsubscribe (https first, mailto where configured), RFC 8058
 * one-click, RFC 2919 List-Id. Values are ASCII, ready to be written as they are.
 */
export function listHeaders(options: {
  unsubscribeUrl: string;
  /** The recipient's signed mailto address (a slot, `[[unsubscribe_mailto]]`); unset: no mailto. */
  unsubscribeMailto?: string;
  listName: string;
  listSlug: string;
  mailDomain: string;
}): Record<string, string> {
  const targets = [`<${options.unsubscribeUrl}>`];
  if (options.unsubscribeMailto) {
    targets.push(`<mailto:${options.unsubscribeMailto}?subject=unsubscribe>`);
  }
  return {
    'List-Unsubscribe': targets.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // The phrase is MIME-encoded on its own so the <id> stays readable to filters (RFC 2919);
    // a name with "[" is encoded even in ASCII, so an editor's "[[to]]" is never a per-message slot.
    'List-Id': `${listPhrase(options.listName)} <${options.listSlug}.${options.mailDomain}>`,
  };
}

function listPhrase(name: string): string {
  const clean = name.replace(/[\r\n<>"]/g, ' ');
  return clean.includes('[') ? encodeWord(clean, 'B', 52) : encodeWords(clean, 'B', 52);
}
