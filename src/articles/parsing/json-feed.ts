import he from 'he';
import type { ArticleInput } from '../article-input.js';
import { isoDate } from './dates.js';
import { firstImage, NO_IMAGE } from './images.js';
import { resolveLink, withBase } from './links.js';
import { list, type Node } from './nodes.js';

/** A JSON object that says it is a JSON Feed (1.0 or 1.1). */
export function isJsonFeed(value: unknown): value is Node {
  const version = (value as Node | null)?.version;
  return (
    typeof version === 'string' && /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(version)
  );
}

/** JSON Feed 1.1 (and 1.0, whose `author` became `authors`); links read against the feed's URL. */
export function jsonFeedItems(
  feed: Node,
  feedUrl: string,
): { title: string; items: ArticleInput[] } {
  // Links should be absolute; a relative one is read against where the feed came from.
  const base = feedUrl || withBase('', string(feed.home_page_url));
  const items = (list(feed.items) as unknown[]).filter(
    (item): item is Node => typeof item === 'object' && item !== null,
  );
  return { title: string(feed.title), items: items.map((item) => jsonFeedItem(item, base)) };
}

function jsonFeedItem(item: Node, base: string): ArticleInput {
  const html = string(item.content_html);
  const plain = string(item.content_text);
  const summary = string(item.summary);
  const author = (list(item.authors)[0] ?? item.author) as Node | undefined;
  const attachment = (list(item.attachments) as Node[]).find(
    (entry) => typeof entry === 'object' && string(entry?.mime_type).startsWith('image/'),
  );
  const image = resolveLink(string(item.image) || string(attachment?.url), base);
  const id = typeof item.id === 'number' ? String(item.id) : string(item.id);
  return {
    url: resolveLink(string(item.url) || string(item.external_url), base),
    title: string(item.title),
    guid: id || undefined,
    // The summary is plain text, as content_text is: escaped, so that a «<» in it stays a «<».
    summary: summary ? he.escape(summary) : html || he.escape(plain),
    ...(image
      ? { imageUrl: image, imageWidth: null, imageHeight: null }
      : (firstImage(html, base) ?? NO_IMAGE)),
    publishedAt: isoDate(string(item.date_published) || string(item.date_modified)),
    author: string(author?.name),
    tags: (list(item.tags) as unknown[]).filter((tag): tag is string => typeof tag === 'string'),
  };
}

function string(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
