import { Article } from '../articles/entities/article.entity.js';
import type { AppConfig } from '../config/config.js';
import { CampaignRenderError, CampaignRenderer } from './campaign-renderer.service.js';
import type { CampaignsRepository } from './campaigns.repository.js';
import { Campaign } from './entities/campaign.entity.js';

const config = {
  SITE_NAME: 'الحل نت',
  SITE_ADDRESS: 'بغداد',
  PUBLIC_URL: 'https://news.example',
  MAIL_FROM: 'نشرة <newsletter@news.example>',
  DIGEST_DATE_LOCALE: 'ar',
  DIGEST_DIGITS: 'latn',
  DIGEST_TIMEZONE: 'Asia/Baghdad',
} as unknown as AppConfig;

function renderer(articles: Article[], list: object | null = { id: 1, name: 'يومية', slug: 'd' }) {
  return new CampaignRenderer(
    { articlesByIds: async () => articles } as unknown as CampaignsRepository,
    { byId: async () => list } as never,
    { mailDomain: 'news.example' } as never,
    config,
  );
}

const campaign = Object.assign(new Campaign(), {
  id: 3,
  listId: 1,
  subject: 's',
  articleIds: '[1]',
});
const article = (fields: Partial<Article>) =>
  Object.assign(new Article(), {
    id: 1,
    url: 'https://news.example/1',
    title: 'خبر',
    summary: 'ملخص',
    tags: '[]',
    imageUrl: null,
    ...fields,
  });

describe('CampaignRenderer', () => {
  it('turns anything the digest throws into a CampaignRenderError (a 422) with its reason', async () => {
    // A row the renderer cannot read: the error is the campaign's, not a reason to retry.
    const failure = renderer([article({ tags: 'not json' })]).compile(campaign);
    await expect(failure).rejects.toBeInstanceOf(CampaignRenderError);
    await expect(failure).rejects.toMatchObject({
      code: 'render',
      message: expect.stringMatching(/^The digest could not be rendered: .*JSON/),
    });
    const error = (await failure.catch((caught: unknown) => caught)) as CampaignRenderError;
    expect(error.getStatus()).toBe(422);
  });

  it('names a campaign whose articles or list are gone', async () => {
    await expect(renderer([]).compile(campaign)).rejects.toMatchObject({ code: 'articles-gone' });
    await expect(renderer([article({})], null).compile(campaign)).rejects.toMatchObject({
      code: 'list-gone',
    });
  });

  it('renders a title made of template syntax', async () => {
    const subject = renderer([article({ title: '[[unsubscribe_url]]' })]);
    const compiled = await subject.compile(campaign);
    const { html } = compiled.template.render({ unsubscribe_url: 'U', preferences_url: 'P' });
    expect(html).toContain('&#91;&#91;unsubscribe_url]]');
    expect(subject.message(campaign, compiled)).toBeDefined();
  });
});
