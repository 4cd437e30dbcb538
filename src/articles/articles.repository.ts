import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { Article } from './entities/article.entity.js';
import { Feed } from './entities/feed.entity.js';
import { isUniqueViolation } from '../database/unique-violation.js';

/** An article's stored fields other than its keys and times. */
export type ArticleFields = Omit<Article, 'id' | 'guid' | 'feedId' | 'createdAt' | 'updatedAt'>;

/** The articles a digest may take. */
export interface ArticleWindow {
  /** Articles published at or after this time… */
  publishedSince: Date;
  /** …and, when set, first collected by Nashra after this time (so none goes out twice). */
  collectedAfter: Date | null;
}

/** A feed's settings as an editor gives them. */
export type FeedSettings = Pick<Feed, 'url' | 'pollMinutes' | 'paused'>;

/** Every query of the articles and their feeds. */
@Injectable()
export class ArticlesRepository {
  constructor(
    @InjectRepository(Article) private readonly articles: Repository<Article>,
    @InjectRepository(Feed) private readonly feeds: Repository<Feed>,
  ) {}

  /**
   * The stored article an input stands for. With a guid of its own (`guid` differs from `url`): that
   * guid, else an article stored under its URL as guid because its source gave no guid then (the
   * caller takes the guid over, so a second item sharing the link is another article). Without one:
   * that URL as guid, else the oldest article with that URL. Two items with different guids are
   * never one article, whatever their links (131 podcast episodes linking to the home page).
   */
  async findStored(input: { guid: string; url: string }): Promise<Article | null> {
    const byGuid = await this.articles.findOneBy({ guid: input.guid });
    if (byGuid) return byGuid;
    if (input.guid !== input.url) return this.articles.findOneBy({ guid: input.url });
    return this.articles.findOne({ where: { url: input.url }, order: { id: 'ASC' } });
  }

  /** Stores a new article; null when its guid was stored meanwhile (by a concurrent push). */
  async insertArticle(article: Omit<Article, 'id'>): Promise<Article | null> {
    try {
      return await this.articles.save(this.articles.create(article));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async updateArticle(id: number, changes: Partial<Article>): Promise<void> {
    await this.articles.update({ id }, changes);
  }

  /** Newest first. */
  newestArticles(limit: number, offset: number): Promise<Article[]> {
    return this.articles.find({
      order: { publishedAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  /** The ids of the newest articles in a window, newest first, at most `limit`. */
  async newestIdsIn(window: ArticleWindow, limit: number): Promise<number[]> {
    const rows = await this.articles.find({
      select: { id: true },
      where: {
        publishedAt: MoreThanOrEqual(window.publishedSince),
        ...(window.collectedAfter ? { createdAt: MoreThan(window.collectedAfter) } : {}),
      },
      order: { publishedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  allFeeds(): Promise<Feed[]> {
    return this.feeds.find({ order: { id: 'ASC' } });
  }

  feedById(id: number): Promise<Feed | null> {
    return this.feeds.findOneBy({ id });
  }

  feedUrlTaken(url: string): Promise<boolean> {
    return this.feeds.existsBy({ url });
  }

  insertFeed(settings: FeedSettings): Promise<Feed> {
    return this.feeds.save(this.feeds.create({ ...settings, createdAt: new Date() }));
  }

  async updateFeed(id: number, changes: Partial<Feed>): Promise<void> {
    await this.feeds.update({ id }, changes);
  }

  /** Writes a poll's outcome, unless the feed's address changed meanwhile: then it is about another URL. */
  async recordPoll(feed: Pick<Feed, 'id' | 'url'>, outcome: Partial<Feed>): Promise<void> {
    await this.feeds.update({ id: feed.id, url: feed.url }, outcome);
  }

  async deleteFeed(id: number): Promise<void> {
    await this.feeds.delete({ id });
  }
}
