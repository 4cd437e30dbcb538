import type { Article } from '../articles/entities/article.entity.js';
import { unhashtag, cutAtWord } from '../articles/text.js';
import { safeHttpUrl } from '../common/html.js';
import type { CompiledTemplate, TemplateRenderer } from './template-renderer.js';

export interface DigestContent {
  subject: string;
  listName: string;
  date: string;
  articles: Article[];
  site: { name: string; url: string; address: string };
}

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
export function compileDigest(
  renderer: TemplateRenderer,
  content: DigestContent,
): Promise<CompiledTemplate> {
  const articles = content.articles.map((article, index) =>
    articleValues(article, content.site.url, index === 0),
  );
  const block = (values: ArticleValues, index: number) =>
    renderer.fragment(index === 0 ? 'digest-lead' : 'digest-card', 'mjml', values, {
      image: values.image_url ? imageTag(renderer, values) : '',
      tags: values.tags ? renderer.fragment('digest-tags', 'mjml', values) : '',
    });
  return renderer.compile(
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
      mjml: { articles: articles.map(block).join('\n') },
      text: {
        articles: articles
          .map((values) => renderer.fragment('digest-item', 'txt', values))
          .join(''),
      },
    },
  );
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

function articleValues(article: Article, siteUrl: string, lead: boolean) {
  const tags = (JSON.parse(article.tags) as string[]).slice(0, 4);
  return {
    title: unhashtag(article.title),
    url: safeHttpUrl(article.url) ?? siteUrl,
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
