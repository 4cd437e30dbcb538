import { type DynamicModule, Module } from '@nestjs/common';
import { AdminArticlesController } from './admin-articles.controller.js';
import { AdminFeedsController } from './admin-feeds.controller.js';
import { ArticlesCoreModule } from './articles-core.module.js';
import { FeedPollProcessor } from './feed-poll.processor.js';
import { FeedPoller } from './feed-poller.service.js';

/**
 * Articles pushed by the CMS or collected from feeds: the admin API where HTTP is served, the
 * processor that polls the feeds where jobs run. Import it once.
 */
@Module({})
export class ArticlesModule {
  static forRole(servesHttp: boolean, runsJobs: boolean): DynamicModule {
    return {
      module: ArticlesModule,
      imports: [ArticlesCoreModule],
      controllers: servesHttp ? [AdminArticlesController, AdminFeedsController] : [],
      providers: [FeedPoller, ...(runsJobs ? [FeedPollProcessor] : [])],
    };
  }
}
