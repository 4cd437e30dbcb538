import he from 'he';
import { htmlToText } from '../text.js';
import { attribute, text } from './nodes.js';

/**
 * Text elements (titles, descriptions, Atom summaries and content) are read raw, as the feed wrote
 * them, so that HTML inside them survives however it was put there: escaped (`&lt;p&gt;`), in CDATA,
 * as unescaped elements, or as Atom's xhtml.
 */
export const RAW_ELEMENTS = [
  '*.title',
  '*.description',
  '*.summary',
  '*.content',
  '*.content:encoded',
];

const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

/**
 * The HTML a raw element carries: CDATA as is; outside it, escaped HTML is unescaped, while text
 * that holds elements already is markup (and its entities are HTML's).
 */
export function rawHtml(raw: string): string {
  return pieces(raw, (outside) => (outside.includes('<') ? outside : he.decode(outside)));
}

/** The text a raw element carries when it is text (an RSS title, Atom `type="text"`). */
export function rawText(raw: string): string {
  return pieces(raw, (outside) => he.decode(outside.replace(/<[^>]*>/g, ''))).trim();
}

function pieces(raw: string, outside: (part: string) => string): string {
  let result = '';
  let last = 0;
  for (const match of raw.matchAll(CDATA)) {
    result += outside(raw.slice(last, match.index)) + match[1];
    last = match.index + match[0].length;
  }
  return result + outside(raw.slice(last));
}

/** An Atom text construct (title, summary, content) as HTML, whatever its `type`. */
export function atomHtml(element: unknown): string {
  const raw = text(element);
  switch (attribute(element, 'type').toLowerCase()) {
    case 'html':
    case 'text/html':
      return rawHtml(raw);
    case 'xhtml':
    case 'application/xhtml+xml':
      return raw;
    default:
      return he.escape(rawText(raw));
  }
}

/** An Atom text construct as plain text (titles). */
export function atomText(element: unknown): string {
  const type = attribute(element, 'type').toLowerCase();
  return type && type !== 'text' ? htmlToText(atomHtml(element)) : rawText(text(element));
}

/** An RSS or RDF title: text, but sites put HTML elements in it too. */
export function rssText(element: unknown): string {
  return rawText(text(element));
}
