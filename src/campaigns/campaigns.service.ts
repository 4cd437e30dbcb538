import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ArticlesRepository } from '../articles/articles.repository.js';
import { type CampaignClicks, ClickStats } from '../clicks/click-stats.service.js';
import { recordId } from '../common/record-id.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DeliveriesRepository } from '../delivery/deliveries.repository.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { ListsService } from '../subscribers/lists.service.js';
import {
  CAMPAIGN_DEFAULTS,
  CampaignRefused,
  type NewCampaign,
  newCampaignProblem,
  subjectTestOf,
} from './campaign-input.js';
import { CampaignSendingService, type Progress } from './campaign-sending.service.js';
import { type CampaignPageQuery, CampaignsRepository } from './campaigns.repository.js';
import type { Campaign } from './entities/campaign.entity.js';
import { SubjectTestService } from './subject-test.service.js';
import { isoOrNull } from '../common/iso-time.js';

/** Campaigns: one digest to one list. The articles are chosen when the draft is made. */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly articles: ArticlesRepository,
    private readonly lists: ListsService,
    private readonly sending: CampaignSendingService,
    private readonly clickStats: ClickStats,
    private readonly subjectTests: SubjectTestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A draft; refused with a CampaignRefused naming the field at fault. */
  async create(input: NewCampaign): Promise<Campaign> {
    const problem = newCampaignProblem(input);
    if (problem) throw new CampaignRefused(problem);
    const subjectTest = subjectTestOf(input);
    // Unique readers are known only when each message's links name it.
    if (subjectTest?.choose === 'clicks' && this.config.TRACK_CLICKS !== 'per-subscriber') {
      throw new CampaignRefused({ field: 'subjectTest', code: 'clicks-not-tracked' });
    }
    const list = await this.lists.bySlug(input.list);
    if (!list) throw new CampaignRefused({ field: 'list', code: 'unknown-list', slug: input.list });
    const articleIds = input.articleIds
      ? await this.exactArticles(input.articleIds)
      : await this.recentArticles(input);
    return this.campaigns.insertDraft({
      listId: list.id,
      subject: subjectTest ? subjectTest.subjects[0] : (input.subject ?? '').trim(),
      articleIds,
      subjectTest,
    });
  }

  async get(id: string): Promise<Campaign> {
    const key = recordId(id);
    const campaign = key === null ? null : await this.campaigns.byId(key);
    if (!campaign) throw new NotFoundException(`No campaign with id ${id}.`);
    return campaign;
  }

  page(query: CampaignPageQuery): Promise<Campaign[]> {
    return this.campaigns.page(query);
  }

  /** The campaign as the API answers it (and the page's poller reads it), with its progress. */
  async view(campaign: Campaign) {
    const list = (await this.lists.byId(campaign.listId)) ?? undefined;
    const progress = await this.sending.progress(campaign);
    return {
      ...campaignView(campaign, list, progress),
      /** Two to four subjects, their figures and the choice; null for one subject. */
      subjectTest: await this.subjectTests.view(campaign, progress),
    };
  }

  /**
   * What readers clicked, each article in the digest's order (TRACK_CLICKS); null when clicks
   * are not tracked.
   */
  async clicks(campaign: Campaign): Promise<CampaignClicks | null> {
    if (!this.clickStats.enabled) return null;
    const ids = campaign.parsedArticleIds();
    const found = await this.campaigns.articlesByIds(ids);
    const articles = ids.flatMap((id) => found.filter((article) => article.id === id));
    return this.clickStats.campaign(campaign.id, articles);
  }

  /** The clicks as the API shows them (ids as strings), or nothing when clicks are not tracked. */
  async clicksView(campaign: Campaign) {
    const clicks = await this.clicks(campaign);
    if (!clicks) return {};
    const byArticle = clicks.byArticle.map(({ articleId, ...row }) => ({
      articleId: String(articleId),
      ...row,
    }));
    return { clicks: { ...clicks, byArticle } };
  }

  /**
   * How many people a campaign to each list would go to if it started now (a draft's or a
   * scheduled campaign's audience); the fan-out counts again when it starts.
   */
  async recipientsNow(listIds: number[]): Promise<Map<number, number>> {
    const unique = [...new Set(listIds)];
    const counts = await Promise.all(
      unique.map((listId) => this.deliveries.countRecipients(listId)),
    );
    return new Map(unique.map((listId, index) => [listId, counts[index]]));
  }

  /** The editor's pick, in the editor's order; every id must exist. */
  private async exactArticles(ids: string[]): Promise<number[]> {
    const numeric = ids.map((id) => recordId(id) ?? NaN);
    const found = await this.campaigns.articlesByIds(numeric.filter(Number.isFinite));
    const missing = ids.filter(
      (_id, index) => !found.some((article) => article.id === numeric[index]),
    );
    if (missing.length) {
      throw new CampaignRefused({ field: 'articleIds', code: 'unknown-articles', ids: missing });
    }
    return [...new Set(numeric)];
  }

  /** The newest articles of the last `sinceHours` (24 by default), newest first. */
  private async recentArticles(input: NewCampaign): Promise<number[]> {
    const hours = input.sinceHours ?? CAMPAIGN_DEFAULTS.sinceHours;
    const ids = await this.articles.newestIdsIn(
      { publishedSince: new Date(Date.now() - hours * 3600_000), collectedAfter: null },
      input.maxArticles ?? CAMPAIGN_DEFAULTS.maxArticles,
    );
    if (ids.length === 0) {
      throw new CampaignRefused({ field: 'sinceHours', code: 'no-recent-articles', hours });
    }
    return ids;
  }
}

export function campaignView(
  campaign: Campaign,
  list: MailingList | undefined,
  progress: Progress,
) {
  return {
    id: String(campaign.id),
    status: campaign.status,
    list: list?.slug,
    subject: campaign.subject,
    articleIds: campaign.parsedArticleIds().map(String),
    ...progress,
    sendAt: isoOrNull(campaign.sendAt),
    startedAt: isoOrNull(campaign.startedAt),
    finishedAt: isoOrNull(campaign.finishedAt),
    /** Why a `failed` campaign stopped; null otherwise. */
    failureReason: campaign.failureReason ?? null,
    createdAt: new Date(campaign.createdAt).toISOString(),
  };
}
