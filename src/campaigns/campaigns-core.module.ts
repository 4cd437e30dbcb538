import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesCoreModule } from '../articles/articles-core.module.js';
import { Article } from '../articles/entities/article.entity.js';
import { Bounce } from '../bounces/entities/bounce.entity.js';
import { ClicksCoreModule } from '../clicks/clicks-core.module.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { CampaignRenderer } from './campaign-renderer.service.js';
import { CampaignSendingService } from './campaign-sending.service.js';
import { CampaignTestSender } from './campaign-test-sender.service.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { Campaign } from './entities/campaign.entity.js';
import { SubjectTestService } from './subject-test.service.js';

/**
 * Campaigns as other features use them (schedules, the CLI, the editors' pages): making,
 * rendering, starting and pausing. A static module, so importing it twice never runs a second
 * set of queue processors.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Campaign, Article, Bounce]),
    SubscribersCoreModule,
    ArticlesCoreModule,
    ClicksCoreModule,
  ],
  providers: [
    CampaignsRepository,
    CampaignsService,
    CampaignRenderer,
    CampaignSendingService,
    CampaignTestSender,
    SubjectTestService,
  ],
  exports: [
    CampaignsRepository,
    CampaignsService,
    CampaignRenderer,
    CampaignSendingService,
    CampaignTestSender,
    SubjectTestService,
  ],
})
export class CampaignsCoreModule {}
