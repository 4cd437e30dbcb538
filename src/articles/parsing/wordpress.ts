import type { ArticleInput } from '../article-input.js';
import { isoDate } from './dates.js';
import { firstImage, type Image, imageSize, NO_IMAGE } from './images.js';
import { resolveLink } from './links.js';
import { rawText } from './markup.js';
import { list, type Node, text } from './nodes.js';

/** A post of the WordPress REST API (`/wp-json/wp/v2/posts?_embed`). */
export function wordPressPost(post: Node, base: string): ArticleInput {
  const embedded = (post._embedded ?? {}) as Node;
  const media = list(embedded['wp:featuredmedia'])[0] as Node | undefined;
  const terms = (list(embedded['wp:term']) as unknown[]).flat() as Node[];
  const content = rendered(post.content);
  return {
    url: resolveLink(String(post.link ?? ''), base),
    title: rawText(rendered(post.title)),
    guid: rendered(post.guid) || undefined,
    summary: rendered(post.excerpt) || content,
    ...(wordPressImage(media, base) ?? firstImage(content, base) ?? NO_IMAGE),
    publishedAt: isoDate(post.date_gmt ? `${String(post.date_gmt)}Z` : String(post.date ?? '')),
    author: String((list(embedded.author)[0] as Node | undefined)?.name ?? ''),
    categories: terms
      .filter((term) => term.taxonomy === 'category')
      .map((term) => String(term.name)),
    tags: terms.filter((term) => term.taxonomy === 'post_tag').map((term) => String(term.name)),
  };
}

function wordPressImage(media: Node | undefined, base: string): Image | null {
  const url = media ? resolveLink(String(media.source_url ?? ''), base) : '';
  if (!url) return null;
  // source_url is the full-size file, and media_details gives the full size.
  const details = (media?.media_details ?? {}) as Node;
  return { imageUrl: url, ...imageSize(details.width, details.height) };
}

function rendered(value: unknown): string {
  return typeof value === 'object' && value !== null ? text((value as Node).rendered) : text(value);
}
