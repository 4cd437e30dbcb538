import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { CampaignRenderer } from './campaign-renderer.service.js';
import { CampaignSendingService } from './campaign-sending.service.js';
import { CampaignTestSender } from './campaign-test-sender.service.js';
import { CampaignsService } from './campaigns.service.js';
import { Campaign } from './entities/campaign.entity.js';

/**
 * Campaigns as other features use them (schedules, the CLI): making, rendering, starting and
 * pausing. A static module, so importing it twice never runs a second set of queue processors.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign, MailingList]), SubscribersCoreModule],
  providers: [CampaignsService, CampaignRenderer, CampaignSendingService, CampaignTestSender],
  exports: [
    TypeOrmModule,
    CampaignsService,
    CampaignRenderer,
    CampaignSendingService,
    CampaignTestSender,
  ],
})
export class CampaignsCoreModule {}
