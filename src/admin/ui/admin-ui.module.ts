import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesService } from '../../articles/articles.service.js';
import { Article } from '../../articles/entities/article.entity.js';
import { Feed } from '../../articles/entities/feed.entity.js';
import { FeedsService } from '../../articles/feeds.service.js';
import { RateLimiter } from '../../common/rate-limiter.js';
import { CampaignsCoreModule } from '../../campaigns/campaigns-core.module.js';
import { SchedulesService } from '../../schedules/schedules.service.js';
import { MailingList } from '../../subscribers/entities/mailing-list.entity.js';
import { AdminModule } from '../admin.module.js';
import { AccountPagesController } from './account-pages.controller.js';
import { ArticlePagesController } from './article-pages.controller.js';
import { CampaignPagesController } from './campaign-pages.controller.js';
import { LoginController } from './login.controller.js';
import { OverviewController } from './overview.controller.js';
import { SchedulePagesController } from './schedule-pages.controller.js';
import { SubscriberPagesController } from './subscriber-pages.controller.js';

/**
 * The editors' pages under /admin. Only static modules are imported, and the stateless services
 * of the dynamic feature modules are provided again here, so no queue processor runs twice.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Article, Feed, MailingList]),
    CampaignsCoreModule,
    AdminModule,
  ],
  controllers: [
    LoginController,
    OverviewController,
    CampaignPagesController,
    SchedulePagesController,
    ArticlePagesController,
    SubscriberPagesController,
    AccountPagesController,
  ],
  providers: [ArticlesService, FeedsService, SchedulesService, RateLimiter],
})
export class AdminUiModule {}
