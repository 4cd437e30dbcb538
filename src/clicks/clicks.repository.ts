import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Counts one flush moves into the database: clicks per campaign × article × day, and readers. */
export interface ClickBatch {
  id: string;
  counts: { campaignId: number; articleId: number; day: string; clicks: number }[];
  readers: { campaignId: number; articleId: number; subscriberId: number }[];
}

export interface ArticleClicks {
  articleId: number;
  clicks: number;
  /** Distinct readers, where they were recorded (per-subscriber tracking). */
  readers: number;
}

export interface TopArticle {
  articleId: number;
  title: string;
  url: string;
  clicks: number;
}

/** The article a tracked link of a campaign leads to; article 0 (the open pixel) has no URL. */
export interface MarkedArticle {
  inCampaign: boolean;
  url: string | null;
}

/**
 * Every query of the click tables, and the two reads of the campaign and its article a redirect
 * needs (here rather than in campaigns/, which sits above this folder). Opens are counted as
 * article 0, so every question about articles leaves article 0 out.
 */
@Injectable()
export class ClicksRepository {
  private readonly postgres: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /**
   * Adds a batch once: its id goes into click_flushes in the same transaction as its counts, so a
   * batch applied already (by a process that died before deleting it from Redis, or by another
   * process at the same moment) adds nothing. Returns whether this call applied it.
   */
  applyBatch(batch: ClickBatch): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = (await manager.query(
        `INSERT INTO click_flushes (id, flushed_at) VALUES (${this.params(1)}, CURRENT_TIMESTAMP)
         ON CONFLICT DO NOTHING RETURNING id`,
        [batch.id],
      )) as unknown[];
      if (claimed.length === 0) return false;
      for (const count of batch.counts) await this.addCount(manager, count);
      for (const reader of batch.readers) {
        await manager.query(
          `INSERT INTO campaign_click_readers (campaign_id, article_id, subscriber_id)
           VALUES (${this.params(3)}) ON CONFLICT DO NOTHING`,
          [reader.campaignId, reader.articleId, reader.subscriberId],
        );
      }
      return true;
    });
  }

  /** The ledger only has to outlive a batch left behind in Redis: a week is plenty. */
  async forgetFlushesBefore(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM click_flushes WHERE flushed_at < ${this.params(1)}`, [
      this.postgres ? before : sqliteTime(before),
    ]);
  }

  /** Whether the campaign shows the article, and the link the article has now. */
  async markedArticle(campaignId: number, articleId: number): Promise<MarkedArticle> {
    const [campaign] = (await this.dataSource.query(
      `SELECT article_ids FROM campaigns WHERE id = ${this.params(1)}`,
      [campaignId],
    )) as { article_ids: string }[];
    if (!campaign) return { inCampaign: false, url: null };
    if (articleId === 0) return { inCampaign: true, url: null };
    const ids = JSON.parse(campaign.article_ids) as number[];
    if (!ids.includes(articleId)) return { inCampaign: false, url: null };
    const [article] = (await this.dataSource.query(
      `SELECT url FROM articles WHERE id = ${this.params(1)}`,
      [articleId],
    )) as { url: string }[];
    return { inCampaign: Boolean(article), url: article?.url ?? null };
  }

  /** Clicks on each article of a campaign (opens left out), most clicked first. */
  async byArticle(campaignId: number): Promise<ArticleClicks[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.article_id AS article_id, c.clicks AS clicks, COALESCE(r.readers, 0) AS readers
       FROM (SELECT article_id, SUM(clicks) AS clicks FROM campaign_clicks
             WHERE campaign_id = ${this.param(1)} AND article_id <> 0 GROUP BY article_id) c
       LEFT JOIN (SELECT article_id, COUNT(*) AS readers FROM campaign_click_readers
                  WHERE campaign_id = ${this.param(1)} GROUP BY article_id) r
         ON r.article_id = c.article_id
       ORDER BY c.clicks DESC, c.article_id`,
      this.postgres ? [campaignId] : [campaignId, campaignId],
    )) as { article_id: number | string; clicks: number | string; readers: number | string }[];
    return rows.map((row) => ({
      articleId: Number(row.article_id),
      clicks: Number(row.clicks),
      readers: Number(row.readers),
    }));
  }

  /**
   * A subject test's readers who clicked an article, each once, by the test group their message
   * was in (the rest of the list, sent the winner, is left out).
   */
  async readersByTestGroup(campaignId: number): Promise<Map<number, number>> {
    const rows = (await this.dataSource.query(
      `SELECT d.test_group AS test_group, COUNT(DISTINCT r.subscriber_id) AS readers
       FROM campaign_click_readers r
       JOIN deliveries d ON d.campaign_id = r.campaign_id AND d.subscriber_id = r.subscriber_id
       WHERE r.campaign_id = ${this.params(1)} AND r.article_id <> 0 AND d.test_group IS NOT NULL
       GROUP BY d.test_group`,
      [campaignId],
    )) as { test_group: number | string; readers: number | string }[];
    return new Map(rows.map((row) => [Number(row.test_group), Number(row.readers)]));
  }

  /** Readers who clicked anything in the campaign, each once. */
  async uniqueReaders(campaignId: number): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT COUNT(DISTINCT subscriber_id) AS readers FROM campaign_click_readers
       WHERE campaign_id = ${this.params(1)} AND article_id <> 0`,
      [campaignId],
    )) as { readers: number | string }[];
    return Number(row?.readers ?? 0);
  }

  /** Opens of a campaign (the pixel, TRACK_OPENS), every showing counted. */
  async opens(campaignId: number): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT COALESCE(SUM(clicks), 0) AS opens FROM campaign_clicks
       WHERE campaign_id = ${this.params(1)} AND article_id = 0`,
      [campaignId],
    )) as { opens: number | string }[];
    return Number(row?.opens ?? 0);
  }

  /** The most clicked articles since `sinceDay` (YYYY-MM-DD), over every campaign. */
  async topArticles(sinceDay: string, limit: number): Promise<TopArticle[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.id AS id, a.title AS title, a.url AS url, t.clicks AS clicks
       FROM (SELECT article_id, SUM(clicks) AS clicks FROM campaign_clicks
             WHERE day >= ${this.param(1)} AND article_id <> 0 GROUP BY article_id) t
       JOIN articles a ON a.id = t.article_id
       ORDER BY t.clicks DESC, a.id DESC LIMIT ${this.param(2)}`,
      [sinceDay, limit],
    )) as { id: number | string; title: string; url: string; clicks: number | string }[];
    return rows.map((row) => ({
      articleId: Number(row.id),
      title: row.title,
      url: row.url,
      clicks: Number(row.clicks),
    }));
  }

  private async addCount(manager: EntityManager, count: ClickBatch['counts'][number]) {
    await manager.query(
      `INSERT INTO campaign_clicks (campaign_id, article_id, day, clicks) VALUES (${this.params(4)})
       ON CONFLICT (campaign_id, article_id, day)
       DO UPDATE SET clicks = campaign_clicks.clicks + excluded.clicks`,
      [count.campaignId, count.articleId, count.day, count.clicks],
    );
  }

  /** `n` placeholders, as the database writes them. */
  private params(n: number): string {
    return Array.from({ length: n }, (_, index) => this.param(index + 1)).join(', ');
  }

  private param(index: number): string {
    return this.postgres ? `$${index}` : '?';
  }
}

/** How SQLite's CURRENT_TIMESTAMP writes a time, so the two compare as text. */
function sqliteTime(time: Date): string {
  return time.toISOString().replace('T', ' ').slice(0, 19);
}
