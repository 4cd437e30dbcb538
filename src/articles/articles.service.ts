import { Injectable } from '@nestjs/common';
import type { NormalizedArticle } from './article-input.js';
import { type ArticleFields, ArticlesRepository } from './articles.repository.js';
import type { Article } from './entities/article.entity.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Stores articles once each: by guid, else by URL (see `ArticlesRepository.findStored`); an edited
 * article is updated in place. An article whose source gives no usable date keeps the time it was
 * first stored, marked `dateGuessed`, until the source gives one.
 */
@Injectable()
export class ArticlesService {
  constructor(private readonly repository: ArticlesRepository) {}

  async upsert(
    input: NormalizedArticle,
    feedId: number | null = null,
    retried = false,
  ): Promise<{ article: Article; outcome: UpsertOutcome }> {
    const existing = await this.repository.findStored(input);
    const now = new Date();
    const fields: ArticleFields = {
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
      dateGuessed: input.publishedAt ? false : (existing?.dateGuessed ?? true),
    };
    if (!existing) {
      const article = await this.repository.insertArticle({
        guid: input.guid,
        ...fields,
        feedId,
        createdAt: now,
        updatedAt: now,
      });
      if (article) return { article, outcome: 'created' };
      // The same article pushed twice at once: the other request stored it; update that row.
      if (retried) throw new Error(`article ${input.guid} was stored and removed meanwhile`);
      return this.upsert(input, feedId, true);
    }
    // Stored under its URL when its source gave no guid; now that it gives one, the guid is its key.
    const guid =
      existing.guid === input.url && input.guid !== input.url ? { guid: input.guid } : {};
    if (!changed(existing, fields) && !guid.guid)
      return { article: existing, outcome: 'unchanged' };
    await this.repository.updateArticle(existing.id, { ...fields, ...guid, updatedAt: now });
    return { article: { ...existing, ...fields, ...guid, updatedAt: now }, outcome: 'updated' };
  }

  /** Newest first. */
  page(limit: number, offset: number): Promise<Article[]> {
    return this.repository.newestArticles(limit, offset);
  }
}

function changed(existing: Article, fields: ArticleFields): boolean {
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
    existing.dateGuessed !== fields.dateGuessed ||
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
    dateGuessed: article.dateGuessed,
    feedId: article.feedId === null ? null : String(article.feedId),
  };
}
