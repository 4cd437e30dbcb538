import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ArticleInput } from './article-input.js';

export interface ParsedFeed {
  title: string;
  items: ArticleInput[];
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
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

/** RSS 2.0 (content:encoded, media:content, enclosures, CDATA), Atom 1.0 or WordPress REST JSON. */
export function parseFeed(body: string, contentType = ''): ParsedFeed {
  const trimmed = body.trimStart();
  if (contentType.includes('json') || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    return parseWordPress(trimmed);
  }
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
  const channel = (rss?.channel ?? (document['rdf:RDF'] as Node | undefined)?.channel) as
    Node | undefined;
  if (channel) {
    const items = (channel.item ?? (document['rdf:RDF'] as Node | undefined)?.item ?? []) as Node[];
    return { title: text(channel.title), items: items.slice(0, MAX_ITEMS).map(rssItem) };
  }
  const feed = document.feed as Node | undefined;
  if (feed) {
    return {
      title: text(feed.title),
      items: ((feed.entry ?? []) as Node[]).slice(0, MAX_ITEMS).map(atomEntry),
    };
  }
  throw new FeedParseError('the document is neither RSS, Atom nor a WordPress posts list');
}

function rssItem(item: Node): ArticleInput {
  const link = text(item.link) || text(item.guid);
  const content = text(item['content:encoded']);
  return {
    url: link,
    title: text(item.title),
    guid: text(item.guid) || undefined,
    summary: text(item.description) || content,
    imageUrl: mediaImage(item) ?? firstImage(content || text(item.description)),
    publishedAt: isoDate(text(item.pubDate) || text(item['dc:date'])),
    author: text(item['dc:creator']) || text(item.author),
    categories: list(item.category).map(text).filter(Boolean),
  };
}

function atomEntry(entry: Node): ArticleInput {
  const links = list(entry.link) as Node[];
  const alternate =
    links.find((link) => !link['@_rel'] || link['@_rel'] === 'alternate') ?? links[0];
  return {
    url: alternate ? String(alternate['@_href'] ?? '') : '',
    title: text(entry.title),
    guid: text(entry.id) || undefined,
    summary: text(entry.summary) || text(entry.content),
    imageUrl: mediaImage(entry),
    publishedAt: isoDate(text(entry.published) || text(entry.updated)),
    author: text((entry.author as Node | undefined)?.name),
    categories: (list(entry.category) as Node[])
      .map((category) => String(category['@_term'] ?? ''))
      .filter(Boolean),
  };
}

function parseWordPress(body: string): ParsedFeed {
  let posts: unknown;
  try {
    posts = JSON.parse(body);
  } catch {
    throw new FeedParseError('the JSON could not be parsed');
  }
  if (!Array.isArray(posts)) throw new FeedParseError('a WordPress feed is a JSON array of posts');
  return { title: '', items: posts.slice(0, MAX_ITEMS).map((post) => wordPressPost(post as Node)) };
}

function wordPressPost(post: Node): ArticleInput {
  const embedded = (post._embedded ?? {}) as Node;
  const media = list(embedded['wp:featuredmedia'])[0] as Node | undefined;
  const terms = (list(embedded['wp:term']) as unknown[]).flat() as Node[];
  return {
    url: String(post.link ?? ''),
    title: rendered(post.title),
    guid: rendered(post.guid) || undefined,
    summary: rendered(post.excerpt) || rendered(post.content),
    imageUrl: media ? String(media.source_url ?? '') || null : null,
    publishedAt: isoDate(post.date_gmt ? `${String(post.date_gmt)}Z` : String(post.date ?? '')),
    author: String((list(embedded.author)[0] as Node | undefined)?.name ?? ''),
    categories: terms
      .filter((term) => term.taxonomy === 'category')
      .map((term) => String(term.name)),
    tags: terms.filter((term) => term.taxonomy === 'post_tag').map((term) => String(term.name)),
  };
}

/** The first image among media:content, media:thumbnail and image enclosures. */
function mediaImage(item: Node): string | null {
  const media = [
    ...list(item['media:content']),
    ...list(item['media:thumbnail']),
    ...list(item.enclosure),
  ] as Node[];
  const image = media.find((node) => {
    const type = String(node['@_type'] ?? node['@_medium'] ?? 'image');
    return node['@_url'] && (type.startsWith('image') || type === 'image');
  });
  return image ? String(image['@_url']) : null;
}

/** Feeds without media elements often carry the lead image inside their HTML. */
function firstImage(html: string): string | null {
  const match = /<img\b[^>]*\bsrc=["']([^"']+)["']/i.exec(html);
  return match && /^https?:\/\//i.test(match[1]) ? match[1] : null;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object') return text((value as Node)['#text']);
  return String(value).trim();
}

function rendered(value: unknown): string {
  return typeof value === 'object' && value !== null ? text((value as Node).rendered) : text(value);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isoDate(value: string): string | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
