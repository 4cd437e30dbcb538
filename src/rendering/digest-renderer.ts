import { randomBytes } from 'node:crypto';
import type { Article } from '../articles/entities/article.entity.js';
import { unhashtag, cutAtWord } from '../articles/text.js';
import { escapeHtml, safeHttpUrl } from '../common/html.js';
import {
  CompiledTemplate,
  type TemplatePiece,
  type TemplateRenderer,
} from './template-renderer.js';

export interface DigestContent {
  subject: string;
  listName: string;
  date: string;
  articles: Article[];
  site: { name: string; url: string; address: string };
  /** Tracked links and the open pixel; absent, articles link to themselves and there is no pixel. */
  tracking?: DigestTracking;
}

/** What TRACK_CLICKS and TRACK_OPENS add to a digest, decided by the campaign's renderer. */
export interface DigestTracking {
  /** The tracked link of an article (one whose own link is http(s)); unset: plain links. */
  articleLink?: (articleId: number) => string;
  /** Each tracked link also carries the message's signed reference (`?r=[[ref]]`). */
  perReader?: boolean;
  /** The open pixel's address; unset: no pixel. */
  pixelUrl?: string;
}

/** The per-message slot a tracked link names its reader with: the signed X-Nashra-Ref value. */
export const READER_SLOT = 'ref';

/** Per-recipient values of a digest: everything else is compiled once per campaign. */
export const DIGEST_RECIPIENT_KEYS = ['unsubscribe_url', 'preferences_url'] as const;

/** The column is 600 px less 24 px on each side. */
const IMAGE_WIDTH = 552;

type ArticleValues = ReturnType<typeof articleValues>;

/**
 * The digest: the first article as the lead, then a card for each other one. Each article is one
 * text block (image, headline as a linked heading, summary, tags), which keeps a 10-article digest
 * well under the size at which Gmail clips. Every value from an article is escaped by the
 * renderer; only http(s) links and images survive (an article whose link is not http(s) points to
 * the site instead).
 */
export async function compileDigest(
  renderer: TemplateRenderer,
  content: DigestContent,
): Promise<CompiledTemplate> {
  const tracking = content.tracking ?? {};
  // A value can never spell a slot (its "[" are escaped), so the reader's slot goes in as a word
  // no article can know in advance, and becomes a slot once MJML has done its work.
  const readerMarker = tracking.perReader ? `nashrareader${randomBytes(12).toString('hex')}` : '';
  const link = (article: Article): string | null => {
    const own = safeHttpUrl(article.url);
    if (!own || !tracking.articleLink) return own;
    const tracked = tracking.articleLink(article.id);
    return readerMarker ? `${tracked}?r=${readerMarker}` : tracked;
  };
  const articles = content.articles.map((article, index) =>
    articleValues(article, link(article), content.site.url, index === 0),
  );
  const block = (values: ArticleValues, index: number) =>
    renderer.fragment(index === 0 ? 'digest-lead' : 'digest-card', 'mjml', values, {
      image: values.image_url ? imageTag(renderer, values) : '',
      tags: values.tags ? renderer.fragment('digest-tags', 'mjml', values) : '',
    });
  const pixel = tracking.pixelUrl ? openPixel(tracking.pixelUrl) : '';
  const compiled = await renderer.compile(
    'digest',
    {
      site_name: content.site.name,
      site_address: content.site.address,
      site_url: content.site.url,
      subject: content.subject,
      list_name: content.listName,
      date: content.date,
      preheader: articles[0]?.title ?? content.listName,
    },
    DIGEST_RECIPIENT_KEYS,
    {
      mjml: { articles: articles.map(block).join('\n') + pixel },
      text: {
        articles: articles
          .map((values) => renderer.fragment('digest-item', 'txt', values))
          .join(''),
      },
    },
  );
  if (!readerMarker) return compiled;
  return new CompiledTemplate(
    withReaderSlot(compiled.htmlParts, readerMarker),
    withReaderSlot(compiled.textParts, readerMarker),
  );
}

/** The pieces with every occurrence of the marker turned into the reader's slot. */
function withReaderSlot(pieces: readonly TemplatePiece[], marker: string): TemplatePiece[] {
  return pieces.flatMap((piece) => {
    if (typeof piece !== 'string') return [piece];
    return piece
      .split(marker)
      .flatMap((text, index): TemplatePiece[] =>
        index === 0 ? [text] : [{ slot: READER_SLOT }, text],
      )
      .filter((part) => part !== '');
  });
}

/** A 1×1 image at the end of the articles: the only way an HTML email can say it was shown. */
function openPixel(url: string): string {
  return `\n<mj-text padding="0" line-height="1px" font-size="1px"><img src="${escapeHtml(url)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0"></mj-text>`;
}

/**
 * The article's image, decorative (alt="": the headline beside it says what it shows), with its
 * real height at the rendered width when the feed or the CMS gave its size, else no height.
 */
function imageTag(renderer: TemplateRenderer, values: ArticleValues): string {
  const height = values.image_height ? ` height="${values.image_height}"` : '';
  return renderer.fragment(
    'digest-image',
    'mjml',
    { image_url: values.image_url, width: String(IMAGE_WIDTH) },
    { height },
  );
}

/** `link` is the article's own http(s) link or its tracked one; null points to the site instead. */
function articleValues(article: Article, link: string | null, siteUrl: string, lead: boolean) {
  const tags = (JSON.parse(article.tags) as string[]).slice(0, 4);
  return {
    title: unhashtag(article.title),
    url: link ?? siteUrl,
    summary: cutAtWord(unhashtag(article.summary).replace(/\s*\n\s*/g, ' '), lead ? 320 : 200),
    tags: tags.length ? tags.map((tag) => `#${tag.replace(/\s+/g, '_')}`).join(' ') : '',
    image_url: safeHttpUrl(article.imageUrl) ?? '',
    image_height: renderedHeight(article),
  };
}

/** The image's height at IMAGE_WIDTH, kept to its proportions; empty when its size is unknown. */
function renderedHeight({ imageWidth, imageHeight }: Article): string {
  if (!imageWidth || !imageHeight) return '';
  return String(Math.max(1, Math.round((IMAGE_WIDTH * imageHeight) / imageWidth)));
}
