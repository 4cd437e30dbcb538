import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ArticleInput } from './article-input.js';
import { atomEntry } from './parsing/atom.js';
import { decodeFeed } from './parsing/decode.js';
import { isJsonFeed, jsonFeedItems } from './parsing/json-feed.js';
import { fitToLimits } from './parsing/limits.js';
import { withBase } from './parsing/links.js';
import { atomText, RAW_ELEMENTS, rssText } from './parsing/markup.js';
import type { Node } from './parsing/nodes.js';
import { rssItem } from './parsing/rss.js';
import { wordPressPost } from './parsing/wordpress.js';

export interface ParsedFeed {
  title: string;
  items: ArticleInput[];
  /** The encoding label the feed declared, when it was unknown and the feed was read as UTF-8. */
  unknownEncoding: string | null;
}

export interface FeedSource {
  /** The Content-Type the server sent: its charset, and whether it says JSON Feed. */
  contentType?: string;
  /** Where the feed was read from, after redirects: relative links are read against it. */
  url?: string;
}

export class FeedParseError extends Error {}

const MAX_ITEMS = 200;
const ARRAYS = new Set([
  'item',
  'entry',
  'category',
  'link',
  'media:content',
  'media:thumbnail',
  'media:group',
  'enclosure',
]);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  stopNodes: RAW_ELEMENTS,
  isArray: (name) => ARRAYS.has(name),
});

/**
 * RSS 0.9x/1.0/2.0 (content:encoded, media:content, enclosures, CDATA), Atom 1.0, JSON Feed 1.x or
 * WordPress REST JSON, from the bytes as fetched (decoded here, see parsing/decode.ts) or from text.
 * Every item comes cut to the article's limits; one without a title or link is left for the caller
 * to count and skip.
 */
export function parseFeed(body: Uint8Array | string, source: FeedSource | string = {}): ParsedFeed {
  const { contentType = '', url = '' } =
    typeof source === 'string' ? { contentType: source } : source;
  const decoded =
    typeof body === 'string' ? { text: body, unknownLabel: null } : decodeFeed(body, contentType);
  const document = decoded.text.replace(/^\uFEFF/, '').trimStart();
  const parsed =
    document.startsWith('{') || document.startsWith('[') || /json/i.test(contentType)
      ? parseJson(document, contentType, url)
      : parseXml(document, url);
  return {
    title: parsed.title,
    items: parsed.items.slice(0, MAX_ITEMS).map(fitToLimits),
    unknownEncoding: decoded.unknownLabel,
  };
}

function parseXml(body: string, url: string): Omit<ParsedFeed, 'unknownEncoding'> {
  // Entity declarations are how "billion laughs" feeds blow up a parser; no real feed needs them.
  if (/<!ENTITY/i.test(body))
    throw new FeedParseError('the feed declares XML entities, which are refused');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new FeedParseError(
      `the feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`,
    );
  }
  const document = xml.parse(body) as Node;
  const rss = document.rss as Node | undefined;
  const rdf = document['rdf:RDF'] as Node | undefined;
  const channel = (rss?.channel ?? rdf?.channel) as Node | undefined;
  if (channel) {
    const base = withBase(withBase(url, (rss ?? rdf)?.['@_xml:base']), channel['@_xml:base']);
    const items = (channel.item ?? rdf?.item ?? []) as Node[];
    return {
      title: rssText(channel.title),
      items: items.slice(0, MAX_ITEMS).map((item) => rssItem(item, base)),
    };
  }
  const feed = document.feed as Node | undefined;
  if (feed) {
    const base = withBase(url, feed['@_xml:base']);
    const entries = (feed.entry ?? []) as Node[];
    return {
      title: atomText(feed.title),
      items: entries.slice(0, MAX_ITEMS).map((entry) => atomEntry(entry, base)),
    };
  }
  throw new FeedParseError(
    'the document is neither RSS, Atom, JSON Feed nor a WordPress posts list',
  );
}

function parseJson(
  body: string,
  contentType: string,
  url: string,
): Omit<ParsedFeed, 'unknownEncoding'> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new FeedParseError('the JSON could not be parsed');
  }
  if (isJsonFeed(value)) return jsonFeedItems(value, url);
  if (/feed\+json/i.test(contentType))
    throw new FeedParseError('the JSON Feed has no version of https://jsonfeed.org/version/1.x');
  if (!Array.isArray(value)) {
    throw new FeedParseError('the JSON is neither a JSON Feed nor a WordPress posts list');
  }
  return {
    title: '',
    items: value
      .slice(0, MAX_ITEMS)
      .filter((post): post is Node => typeof post === 'object' && post !== null)
      .map((post) => wordPressPost(post, url)),
  };
}
