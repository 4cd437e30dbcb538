import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { clickDay } from './click-keys.js';
import { type ArticleClicks, ClicksRepository, type TopArticle } from './clicks.repository.js';

/** One article of a campaign and its clicks, in the order the digest shows them. */
export interface ArticleClickRow {
  articleId: number;
  title: string;
  url: string;
  clicks: number;
  /** Distinct readers (per-subscriber tracking only). */
  unique?: number;
}

export interface CampaignClicks {
  total: number;
  /** Distinct readers who clicked anything (per-subscriber tracking only). */
  unique?: number;
  /** Pixel loads (TRACK_OPENS only): see the README for why they overcount. */
  opens?: number;
  byArticle: ArticleClickRow[];
}

const TOP_DAYS = 30;
const TOP_COUNT = 5;

/** What readers clicked, for the API and the editors' pages; null whenever clicks are not tracked. */
@Injectable()
export class ClickStats {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clicks: ClicksRepository,
  ) {}

  /** Whether clicks are counted at all (TRACK_CLICKS is not `false`). */
  get enabled(): boolean {
    return this.config.TRACK_CLICKS !== 'false';
  }

  /** `articles`: the campaign's articles in the digest's order (those still stored). */
  async campaign(
    campaignId: number,
    articles: readonly { id: number; title: string; url: string }[],
  ): Promise<CampaignClicks | null> {
    if (this.config.TRACK_CLICKS === 'false') return null;
    const perReader = this.config.TRACK_CLICKS === 'per-subscriber';
    const counted = new Map<number, ArticleClicks>(
      (await this.clicks.byArticle(campaignId)).map((row) => [row.articleId, row]),
    );
    const byArticle = articles.map((article) => ({
      articleId: article.id,
      title: article.title,
      url: article.url,
      clicks: counted.get(article.id)?.clicks ?? 0,
      ...(perReader ? { unique: counted.get(article.id)?.readers ?? 0 } : {}),
    }));
    return {
      total: [...counted.values()].reduce((sum, row) => sum + row.clicks, 0),
      ...(perReader ? { unique: await this.clicks.uniqueReaders(campaignId) } : {}),
      ...(this.config.TRACK_OPENS ? { opens: await this.clicks.opens(campaignId) } : {}),
      byArticle,
    };
  }

  /** The most clicked articles of the last 30 days; null when clicks are not tracked. */
  async topArticles(now = new Date()): Promise<TopArticle[] | null> {
    if (this.config.TRACK_CLICKS === 'false') return null;
    const since = clickDay(new Date(now.getTime() - (TOP_DAYS - 1) * 24 * 3600_000));
    return this.clicks.topArticles(since, TOP_COUNT);
  }
}
