import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Article } from '../articles/entities/article.entity.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { campaignMessage } from '../delivery/campaign-message.js';
import type { MimeTemplate } from '../delivery/mime-template.js';
import { formatDigestDate } from '../rendering/digest-date.js';
import { compileDigest, type DigestTracking } from '../rendering/digest-renderer.js';
import { TEMPLATES_DIR } from '../rendering/email-templates.service.js';
import { TemplateRenderer, type CompiledTemplate } from '../rendering/template-renderer.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { ListsService } from '../subscribers/lists.service.js';
import { Links } from '../tokens/links.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type { Campaign } from './entities/campaign.entity.js';

export interface CompiledCampaign {
  template: CompiledTemplate;
  list: MailingList;
}

export type RenderFailure = 'articles-gone' | 'list-gone' | 'render';

/**
 * The campaign's digest cannot be made, and trying again changes nothing: its articles or its list
 * are gone, or the template, the text or the encoder refused. A preview or a test copy answers 422
 * with it; a send marks the campaign `failed` with its message. Errors reading the database are
 * not this: they are thrown as they are, and retried.
 */
export class CampaignRenderError extends UnprocessableEntityException {
  constructor(
    readonly code: RenderFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Compiles a campaign's digest once; sending and previews only substitute per-recipient links. */
@Injectable()
export class CampaignRenderer {
  private readonly renderer = new TemplateRenderer(TEMPLATES_DIR);

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly lists: ListsService,
    private readonly links: Links,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `subject`: the one this digest goes out under (a subject test's group's); `tracked: false`
   * leaves article links untracked, for the editor's preview and test copies, whose clicks are
   * no reader's.
   */
  async compile(
    campaign: Campaign,
    now = new Date(),
    { subject = campaign.subject, tracked = true }: { subject?: string; tracked?: boolean } = {},
  ): Promise<CompiledCampaign> {
    const list = await this.lists.byId(campaign.listId);
    if (!list) throw new CampaignRenderError('list-gone', 'The list of this campaign is gone.');
    const ids = campaign.parsedArticleIds();
    const found = await this.campaigns.articlesByIds(ids);
    const articles = ids
      .map((id) => found.find((article) => article.id === id))
      .filter((a): a is Article => !!a);
    if (articles.length === 0) {
      throw new CampaignRenderError(
        'articles-gone',
        'The articles of this campaign no longer exist.',
      );
    }
    const template = await rendering(() =>
      compileDigest(this.renderer, {
        subject,
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
        tracking: tracked ? this.tracking(campaign.id) : {},
      }),
    );
    return { template, list };
  }

  /**
   * TRACK_CLICKS sends article links through /r/ (the same link for every reader, baked in here;
   * per-subscriber adds the message's signed reference); TRACK_OPENS adds the pixel. The footer's
   * links (preferences, unsubscribe) and the site's are never tracked.
   */
  private tracking(campaignId: number): DigestTracking {
    const clicks = this.config.TRACK_CLICKS;
    return {
      ...(clicks === 'true' || clicks === 'per-subscriber'
        ? { articleLink: (articleId: number) => this.links.articleClick(campaignId, articleId) }
        : {}),
      perReader: clicks === 'per-subscriber',
      ...(this.config.TRACK_OPENS ? { pixelUrl: this.links.openPixel(campaignId) } : {}),
    };
  }

  /** The whole message, MIME-encoded once (`subject` differs for a test copy). */
  message(
    campaign: Campaign,
    compiled: CompiledCampaign,
    subject = campaign.subject,
  ): MimeTemplate {
    return rendering(() =>
      campaignMessage({
        campaignId: campaign.id,
        from: this.config.MAIL_FROM,
        subject,
        list: compiled.list,
        mailDomain: this.links.mailDomain,
        unsubscribeMailto: Boolean(this.config.UNSUBSCRIBE_MAILTO),
        template: compiled.template,
      }),
    );
  }
}

/** Runs a step that only computes (no I/O): whatever it throws is a CampaignRenderError. */
function rendering<T>(step: () => T): T {
  const failed = (error: unknown): never => {
    throw new CampaignRenderError(
      'render',
      `The digest could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
    );
  };
  try {
    const result = step();
    return result instanceof Promise ? (result.catch(failed) as T) : result;
  } catch (error) {
    return failed(error);
  }
}
