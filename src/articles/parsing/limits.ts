import he from 'he';
import type { ArticleInput } from '../article-input.js';
import { cutAtWord, htmlToText, tagLinksAsHashtags } from '../text.js';

/** What articleInputSchema takes; a feed's item is made to fit rather than refused. */
const LIMITS = {
  title: 500,
  summary: 20_000,
  term: 100,
  terms: 50,
  author: 200,
  guid: 1000,
  url: 2000,
};

/** A title for an item that has none (RSS allows it, JSON Feed's microblogs do it): its first words. */
const DERIVED_TITLE = 120;

/**
 * An item cut to the article's limits, at a word as summaries are: a 101-character category or a
 * 30 KB content:encoded is no reason to lose the article. A link or image URL too long to be one
 * is dropped (so an item without another link is then skipped as linkless).
 */
export function fitToLimits(feedItem: ArticleInput): ArticleInput {
  const item = withoutNul(feedItem);
  let summary = item.summary ?? '';
  if (summary.length > LIMITS.summary) {
    // Cut as text, never through a tag; the tag links stay hashtags, as normalizeArticle makes them.
    summary = he.escape(cutAtWord(htmlToText(tagLinksAsHashtags(summary)), LIMITS.summary / 2));
  }
  let title = item.title.replace(/\s+/g, ' ').trim();
  if (!title && summary) title = cutAtWord(htmlToText(summary).split('\n')[0], DERIVED_TITLE);
  const imageFits = (item.imageUrl ?? '').length <= LIMITS.url;
  return {
    ...item,
    url: item.url.length <= LIMITS.url ? item.url : '',
    title: cut(title, LIMITS.title),
    summary,
    ...(imageFits ? {} : { imageUrl: null, imageWidth: null, imageHeight: null }),
    guid: item.guid ? item.guid.slice(0, LIMITS.guid) : undefined,
    author: item.author === undefined ? undefined : cut(item.author.trim(), LIMITS.author),
    categories: terms(item.categories),
    tags: terms(item.tags),
  };
}

function terms(values: string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  const fitted = values.map((value) => cut(value.replace(/\s+/g, ' ').trim(), LIMITS.term));
  return [...new Set(fitted.filter(Boolean))].slice(0, LIMITS.terms);
}

/**
 * A feed's text without NUL (an XML parser may decode "&#0;" to one): PostgreSQL refuses the
 * character in text, so one such item would fail the feed's whole poll.
 */
function withoutNul(item: ArticleInput): ArticleInput {
  const clean = (value: string) => value.replaceAll('\u0000', '');
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? clean(value)
        : Array.isArray(value)
          ? value.map((entry) => (typeof entry === 'string' ? clean(entry) : entry))
          : value,
    ]),
  ) as ArticleInput;
}

/** cutAtWord adds «…», so it cuts one character short of the limit. */
function cut(value: string, max: number): string {
  return value.length <= max ? value : cutAtWord(value, max - 1);
}
