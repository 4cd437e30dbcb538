import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminArticlesController } from './admin-articles.controller.js';
import { AdminFeedsController } from './admin-feeds.controller.js';
import { FeedsService } from './feeds.service.js';
import { ArticlesService } from './articles.service.js';
import { Article } from './entities/article.entity.js';
import { Feed } from './entities/feed.entity.js';
import { FeedPollProcessor } from './feed-poll.processor.js';
import { FeedPoller } from './feed-poller.service.js';

/** Articles pushed by the CMS or collected from feeds. */
@Module({})
export class ArticlesModule {
  static forRole(servesHttp: boolean, runsJobs: boolean): DynamicModule {
    return {
      module: ArticlesModule,
      imports: [TypeOrmModule.forFeature([Article, Feed])],
      controllers: servesHttp ? [AdminArticlesController, AdminFeedsController] : [],
      providers: [
        ArticlesService,
        FeedsService,
        FeedPoller,
        ...(runsJobs ? [FeedPollProcessor] : []),
      ],
      exports: [ArticlesService, FeedsService, TypeOrmModule],
    };
  }
}
