import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type ArticleInput, MAX_IMAGE_SIDE } from './article-input.js';

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

/** The image picked for an item, with its size in pixels when the feed gives both sides. */
interface Image {
  imageUrl: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
}

const NO_IMAGE: Image = { imageUrl: null, imageWidth: null, imageHeight: null };

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
    ...(mediaImage(item) ?? firstImage(content || text(item.description)) ?? NO_IMAGE),
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
    ...(mediaImage(entry) ?? NO_IMAGE),
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
    ...wordPressImage(media),
    publishedAt: isoDate(post.date_gmt ? `${String(post.date_gmt)}Z` : String(post.date ?? '')),
    author: String((list(embedded.author)[0] as Node | undefined)?.name ?? ''),
    categories: terms
      .filter((term) => term.taxonomy === 'category')
      .map((term) => String(term.name)),
    tags: terms.filter((term) => term.taxonomy === 'post_tag').map((term) => String(term.name)),
  };
}

function wordPressImage(media: Node | undefined): Image {
  const url = media ? String(media.source_url ?? '') : '';
  if (!url) return NO_IMAGE;
  // source_url is the full-size file, and media_details gives the full size.
  const details = (media?.media_details ?? {}) as Node;
  return { imageUrl: url, ...imageSize(details.width, details.height) };
}

/** The first image among media:content, media:thumbnail and image enclosures. */
function mediaImage(item: Node): Image | null {
  const media = [
    ...list(item['media:content']),
    ...list(item['media:thumbnail']),
    ...list(item.enclosure),
  ] as Node[];
  const image = media.find((node) => {
    const type = String(node['@_type'] ?? node['@_medium'] ?? 'image');
    return node['@_url'] && (type.startsWith('image') || type === 'image');
  });
  if (!image) return null;
  return { imageUrl: String(image['@_url']), ...imageSize(image['@_width'], image['@_height']) };
}

/** Feeds without media elements often carry the lead image inside their HTML. */
function firstImage(html: string): Image | null {
  const match = /<img\b[^>]*\bsrc=["']([^"']+)["'][^>]*/i.exec(html);
  if (!match || !/^https?:\/\//i.test(match[1])) return null;
  const attributes = tagAttributes(match[0]);
  return { imageUrl: match[1], ...imageSize(attributes.get('width'), attributes.get('height')) };
}

/** An HTML tag's attributes by lower-case name; the first of a repeated name wins, as in browsers. */
function tagAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const [, name, double, single, bare] of tag.matchAll(pattern)) {
    const key = name.toLowerCase();
    if (!attributes.has(key)) attributes.set(key, double ?? single ?? bare ?? '');
  }
  return attributes;
}

/**
 * Both sides as whole pixels within bounds, or neither: one side, "100%", 0 or 99999 is not a size
 * the digest can use.
 */
function imageSize(width: unknown, height: unknown): Omit<Image, 'imageUrl'> {
  const imageWidth = pixels(width);
  const imageHeight = pixels(height);
  return imageWidth && imageHeight
    ? { imageWidth, imageHeight }
    : { imageWidth: null, imageHeight: null };
}

function pixels(value: unknown): number | null {
  const digits = typeof value === 'number' ? String(value) : text(value);
  if (!/^\d+$/.test(digits)) return null;
  const count = Number(digits);
  return count >= 1 && count <= MAX_IMAGE_SIDE ? count : null;
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
