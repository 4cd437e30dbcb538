import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import type { NormalizedArticle } from './article-input.js';
import { Article } from './entities/article.entity.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Stores articles once each: by guid, else by URL; an edited article is updated in place. */
@Injectable()
export class ArticlesService {
  constructor(@InjectRepository(Article) private readonly articles: Repository<Article>) {}

  async upsert(
    input: NormalizedArticle,
    feedId: number | null = null,
    retried = false,
  ): Promise<{ article: Article; outcome: UpsertOutcome }> {
    const existing =
      (await this.articles.findOneBy({ guid: input.guid })) ??
      (input.guid === input.url ? null : await this.articles.findOneBy({ guid: input.url })) ??
      (await this.articles.findOne({ where: { url: input.url }, order: { id: 'ASC' } }));
    const now = new Date();
    const fields = {
      url: input.url,
      title: input.title,
      summary: input.summary,
      imageUrl: input.imageUrl,
      imageWidth: input.imageWidth,
      imageHeight: input.imageHeight,
      author: input.author,
      categories: JSON.stringify(input.categories),
      tags: JSON.stringify(input.tags),
      publishedAt: input.publishedAt ?? (existing ? new Date(existing.publishedAt) : now),
    };
    if (!existing) {
      try {
        const article = await this.articles.save({
          guid: input.guid,
          ...fields,
          feedId,
          createdAt: now,
          updatedAt: now,
        });
        return { article, outcome: 'created' };
      } catch (error) {
        // The same article pushed twice at once: the other request stored it; update that row.
        if (retried || !(error instanceof QueryFailedError)) throw error;
        return this.upsert(input, feedId, true);
      }
    }
    if (!changed(existing, fields)) return { article: existing, outcome: 'unchanged' };
    await this.articles.update({ id: existing.id }, { ...fields, updatedAt: now });
    return { article: { ...existing, ...fields, updatedAt: now } as Article, outcome: 'updated' };
  }

  /** Newest first. */
  page(limit: number, offset: number): Promise<Article[]> {
    return this.articles.find({
      order: { publishedAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }
}

function changed(
  existing: Article,
  fields: Omit<Article, 'id' | 'guid' | 'feedId' | 'createdAt' | 'updatedAt'>,
): boolean {
  return (
    existing.url !== fields.url ||
    existing.title !== fields.title ||
    existing.summary !== fields.summary ||
    existing.imageUrl !== fields.imageUrl ||
    existing.imageWidth !== fields.imageWidth ||
    existing.imageHeight !== fields.imageHeight ||
    existing.author !== fields.author ||
    existing.categories !== fields.categories ||
    existing.tags !== fields.tags ||
    new Date(existing.publishedAt).getTime() !== fields.publishedAt.getTime()
  );
}

export function articleView(article: Article) {
  return {
    id: String(article.id),
    guid: article.guid,
    url: article.url,
    title: article.title,
    summary: article.summary,
    imageUrl: article.imageUrl,
    imageWidth: article.imageWidth,
    imageHeight: article.imageHeight,
    author: article.author,
    categories: JSON.parse(article.categories) as string[],
    tags: JSON.parse(article.tags) as string[],
    publishedAt: new Date(article.publishedAt).toISOString(),
    feedId: article.feedId === null ? null : String(article.feedId),
  };
}
