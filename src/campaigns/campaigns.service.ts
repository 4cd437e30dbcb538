import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { Article } from '../articles/entities/article.entity.js';
import { invalidFields } from '../common/zod-body.js';
import { countEligibleSubscribers } from '../delivery/recipients.js';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import type { Progress } from './campaign-sending.service.js';
import { Campaign, type CampaignStatus } from './entities/campaign.entity.js';

export interface NewCampaign {
  list: string;
  subject: string;
  articleIds?: string[];
  sinceHours?: number;
  maxArticles?: number;
}

/** Campaigns: one digest to one list. The articles are chosen when the draft is made. */
@Injectable()
export class CampaignsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(input: NewCampaign): Promise<Campaign> {
    const list = await this.dataSource.getRepository(MailingList).findOneBy({ slug: input.list });
    if (!list) throw invalidFields({ list: `unknown list: ${input.list}` });
    const articleIds = input.articleIds
      ? await this.exactArticles(input.articleIds)
      : await this.recentArticles(input);
    const campaigns = this.dataSource.getRepository(Campaign);
    return campaigns.save(
      campaigns.create({
        listId: list.id,
        subject: input.subject,
        articleIds: JSON.stringify(articleIds),
        status: 'draft',
        createdAt: new Date(),
      }),
    );
  }

  async get(id: string): Promise<Campaign> {
    const campaign = /^\d{1,9}$/.test(id)
      ? await this.dataSource.getRepository(Campaign).findOneBy({ id: Number(id) })
      : null;
    if (!campaign) throw new NotFoundException(`No campaign with id ${id}.`);
    return campaign;
  }

  page(query: { status?: CampaignStatus; before?: number; limit: number }): Promise<Campaign[]> {
    return this.dataSource.getRepository(Campaign).find({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.before ? { id: LessThan(query.before) } : {}),
      },
      order: { id: 'DESC' },
      take: query.limit,
    });
  }

  /**
   * How many people a campaign to each list would go to if it started now (a draft's or a
   * scheduled campaign's audience); the fan-out counts again when it starts.
   */
  async recipientsNow(listIds: number[]): Promise<Map<number, number>> {
    const unique = [...new Set(listIds)];
    const counts = await Promise.all(
      unique.map((listId) => countEligibleSubscribers(this.dataSource, listId)),
    );
    return new Map(unique.map((listId, index) => [listId, counts[index]]));
  }

  /** The editor's pick, in the editor's order; every id must exist. */
  private async exactArticles(ids: string[]): Promise<number[]> {
    const numeric = ids.map((id) => (/^\d{1,9}$/.test(id) ? Number(id) : NaN));
    const found = await this.dataSource
      .getRepository(Article)
      .find({ select: { id: true }, where: { id: In(numeric.filter(Number.isFinite)) } });
    const missing = ids.filter(
      (_id, index) => !found.some((article) => article.id === numeric[index]),
    );
    if (missing.length)
      throw invalidFields({ articleIds: `unknown articles: ${missing.join(', ')}` });
    return [...new Set(numeric)];
  }

  /** The newest articles of the last `sinceHours` (24 by default), newest first. */
  private async recentArticles(input: NewCampaign): Promise<number[]> {
    const since = new Date(Date.now() - (input.sinceHours ?? 24) * 3600_000);
    const rows = await this.dataSource.getRepository(Article).find({
      select: { id: true },
      where: { publishedAt: MoreThanOrEqual(since) },
      order: { publishedAt: 'DESC', id: 'DESC' },
      take: input.maxArticles ?? 10,
    });
    if (rows.length === 0) {
      throw invalidFields({
        sinceHours: `no articles were published in the last ${input.sinceHours ?? 24} hours`,
      });
    }
    return rows.map((row) => row.id);
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
    sendAt: iso(campaign.sendAt),
    startedAt: iso(campaign.startedAt),
    finishedAt: iso(campaign.finishedAt),
    createdAt: new Date(campaign.createdAt).toISOString(),
  };
}

function iso(value: Date | string | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
