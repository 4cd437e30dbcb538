import { Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../../articles/articles-core.module.js';
import { CampaignsCoreModule } from '../../campaigns/campaigns-core.module.js';
import { SchedulesCoreModule } from '../../schedules/schedules-core.module.js';
import { SubscribersCoreModule } from '../../subscribers/subscribers-core.module.js';
import { AdminModule } from '../admin.module.js';
import { AccountPagesController } from './account-pages.controller.js';
import { ArticlePagesController } from './article-pages.controller.js';
import { CampaignPagesController } from './campaign-pages.controller.js';
import { LoginController } from './login.controller.js';
import { OverviewController } from './overview.controller.js';
import { SchedulePagesController } from './schedule-pages.controller.js';
import { SubscriberPagesController } from './subscriber-pages.controller.js';

/**
 * The editors' pages under /admin. They use each feature through its static core module, the one
 * the feature's own module imports too: every service is made once, and no queue processor comes
 * with them.
 */
@Module({
  imports: [
    ArticlesCoreModule,
    CampaignsCoreModule,
    SchedulesCoreModule,
    SubscribersCoreModule,
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
})
export class AdminUiModule {}
