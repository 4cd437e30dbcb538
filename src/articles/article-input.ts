import { z } from 'zod';
import { safeHttpUrl } from '../common/html.js';
import {
  decodeEntities,
  hashtags,
  htmlToText,
  tagLinksAsHashtags,
  withoutFeedTails,
  withoutTrailingHashtags,
} from './text.js';

const httpUrl = z
  .string({ error: 'must be a URL' })
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => safeHttpUrl(value) !== null, 'must be an http(s) URL');

/** Wider or taller than any photo a newsroom publishes: a typo, or a size in the wrong unit. */
export const MAX_IMAGE_SIDE = 20_000;

const imageSide = z
  .int({ error: 'must be a whole number of pixels' })
  .min(1, 'must be at least 1')
  .max(MAX_IMAGE_SIDE, `must be at most ${MAX_IMAGE_SIDE}`)
  .nullable()
  .optional();

/** One article as the CMS pushes it (POST /api/admin/articles) or a feed yields it. */
export const articleInputSchema = z
  .object({
    url: httpUrl,
    title: z.string({ error: 'is required' }).trim().min(1, 'is required').max(500),
    summary: z.string().max(20_000).optional(),
    imageUrl: httpUrl.nullable().optional(),
    imageWidth: imageSide.describe('The image width in pixels; give both sizes or neither'),
    imageHeight: imageSide.describe('The image height in pixels; give both sizes or neither'),
    publishedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' }).optional(),
    tags: z.array(z.string().max(100)).max(50).optional(),
    categories: z.array(z.string().max(100)).max(50).optional(),
    author: z.string().max(200).optional(),
    guid: z.string().min(1).max(1000).optional(),
  })
  .superRefine((article, context) => {
    // Half a size is no size: the digest could only stretch the image with it.
    const width = article.imageWidth ?? null;
    const height = article.imageHeight ?? null;
    if ((width === null) === (height === null)) return;
    const [missing, given] =
      width === null ? ['imageWidth', 'imageHeight'] : ['imageHeight', 'imageWidth'];
    context.addIssue({ code: 'custom', path: [missing], message: `is required with ${given}` });
  });

export type ArticleInput = z.infer<typeof articleInputSchema>;

/** What is stored: plain-text summary, tags including the hashtags, a guid, a time. */
export interface NormalizedArticle {
  guid: string;
  url: string;
  title: string;
  summary: string;
  imageUrl: string | null;
  /** Both or neither, and null without an image. */
  imageWidth: number | null;
  imageHeight: number | null;
  author: string;
  categories: string[];
  tags: string[];
  /**
   * null when the source gives no usable time (none, unreadable, or more than a day ahead): the
   * first time it is stored counts, and the article is marked `dateGuessed`.
   */
  publishedAt: Date | null;
}

export function normalizeArticle(input: ArticleInput, now = new Date()): NormalizedArticle {
  const text = htmlToText(tagLinksAsHashtags(input.summary ?? ''));
  // The hashtags and tag links that end a post are tags, not part of its summary.
  const summary = withoutTrailingHashtags(withoutFeedTails(text)).slice(0, 5000);
  // A title is text that may carry entities (&#8220;), never markup: «<script>» stays literal.
  const title = decodeEntities(input.title).replace(/\s+/g, ' ').trim().slice(0, 500);
  const tags = [...(input.tags ?? []), ...hashtags(`${title}\n${text}`)]
    .map((tag) => tag.replace(/^#/, '').replace(/_+/g, ' ').trim())
    .filter(Boolean);
  const published = input.publishedAt ? new Date(input.publishedAt) : null;
  const imageUrl = input.imageUrl ? safeHttpUrl(input.imageUrl) : null;
  const size =
    imageUrl && input.imageWidth && input.imageHeight
      ? { imageWidth: input.imageWidth, imageHeight: input.imageHeight }
      : { imageWidth: null, imageHeight: null };
  return {
    guid: input.guid ?? input.url,
    url: safeHttpUrl(input.url)!,
    title,
    summary,
    imageUrl,
    ...size,
    author: (input.author ?? '').trim().slice(0, 200),
    categories: [...new Set((input.categories ?? []).map((c) => c.trim()).filter(Boolean))],
    tags: [...new Set(tags)].slice(0, 50),
    // A time more than a day ahead is a broken clock or a typo, not an embargo.
    publishedAt: published && published.getTime() > now.getTime() + 86_400_000 ? null : published,
  };
}
