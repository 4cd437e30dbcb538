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

const LEAD_IMAGE_WIDTH = 552;
const CARD_IMAGE_WIDTH = 552;

/**
 * The digest: the first article as the lead (with its image), then a card for each other one.
 * Every value from an article is escaped by the renderer; only http(s) links and images survive
 * (an article whose link is not http(s) points to the site instead).
 */
export function compileDigest(
  renderer: TemplateRenderer,
  content: DigestContent,
): Promise<CompiledTemplate> {
  const cards = content.articles.map((article, index) =>
    articleValues(article, content.site.url, index === 0),
  );
  const mjmlCard = (values: ReturnType<typeof articleValues>, partial: string, width: number) =>
    renderer.fragment(partial, 'mjml', values, {
      image: values.image_url
        ? renderer.fragment('digest-image', 'mjml', { ...values, width: String(width) })
        : '',
    });
  const [lead, ...rest] = cards;
  return renderer.compile(
    'digest',
    {
      site_name: content.site.name,
      site_address: content.site.address,
      site_url: content.site.url,
      subject: content.subject,
      list_name: content.listName,
      date: content.date,
      preheader: lead ? lead.title : content.listName,
    },
    DIGEST_RECIPIENT_KEYS,
    {
      mjml: {
        lead: lead ? mjmlCard(lead, 'digest-lead', LEAD_IMAGE_WIDTH) : '',
        cards: rest.map((values) => mjmlCard(values, 'digest-card', CARD_IMAGE_WIDTH)).join('\n'),
      },
      text: {
        articles: cards.map((values) => renderer.fragment('digest-item', 'txt', values)).join(''),
      },
    },
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
  };
}
