import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Article } from '../articles/entities/article.entity.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { formatDigestDate } from '../rendering/digest-date.js';
import { compileDigest } from '../rendering/digest-renderer.js';
import { TEMPLATES_DIR } from '../rendering/email-templates.service.js';
import { TemplateRenderer, type CompiledTemplate } from '../rendering/template-renderer.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { ListsService } from '../subscribers/lists.service.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type { Campaign } from './entities/campaign.entity.js';

export interface CompiledCampaign {
  template: CompiledTemplate;
  list: MailingList;
}

/** Compiles a campaign's digest once; sending and previews only substitute per-recipient links. */
@Injectable()
export class CampaignRenderer {
  private readonly renderer = new TemplateRenderer(TEMPLATES_DIR);

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly lists: ListsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compile(campaign: Campaign, now = new Date()): Promise<CompiledCampaign> {
    const list = await this.lists.byId(campaign.listId);
    if (!list) throw new Error(`campaign ${campaign.id}: list ${campaign.listId} is gone`);
    const ids = campaign.parsedArticleIds();
    const found = await this.campaigns.articlesByIds(ids);
    const articles = ids
      .map((id) => found.find((article) => article.id === id))
      .filter((a): a is Article => !!a);
    if (articles.length === 0)
      throw new UnprocessableEntityException('The articles of this campaign no longer exist.');
    const template = await compileDigest(this.renderer, {
      subject: campaign.subject,
      listName: list.name,
      date: formatDigestDate(now, {
        locale: this.config.DIGEST_DATE_LOCALE,
        digits: this.config.DIGEST_DIGITS,
        timeZone: this.config.DIGEST_TIMEZONE,
      }),
      articles,
      site: {
        name: this.config.SITE_NAME,
        url: this.config.SITE_URL ?? this.config.PUBLIC_URL,
        address: this.config.SITE_ADDRESS,
      },
    });
    return { template, list };
  }
}
