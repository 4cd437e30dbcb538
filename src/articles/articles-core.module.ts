import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesService } from './articles.service.js';
import { Article } from './entities/article.entity.js';
import { Feed } from './entities/feed.entity.js';
import { FeedsService } from './feeds.service.js';

/**
 * Articles and feeds as other features use them (the editors' pages, campaigns, schedules). A
 * static module, so importing it twice never runs the feed poller twice.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Article, Feed])],
  providers: [ArticlesRepository, ArticlesService, FeedsService],
  exports: [ArticlesRepository, ArticlesService, FeedsService],
})
export class ArticlesCoreModule {}
