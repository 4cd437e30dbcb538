import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { CampaignDeliveryService } from '../delivery/campaign-delivery.service.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { AdminCampaignsController } from './admin-campaigns.controller.js';
import { CampaignProcessor } from './campaign.processor.js';
import { CampaignSendingService } from './campaign-sending.service.js';
import { CampaignTestSender } from './campaign-test-sender.service.js';
import { CampaignRenderer } from './campaign-renderer.service.js';
import { CampaignsService } from './campaigns.service.js';
import { Campaign } from './entities/campaign.entity.js';

@Module({})
export class CampaignsModule {
  static forRole(servesHttp: boolean, runsJobs: boolean): DynamicModule {
    return {
      module: CampaignsModule,
      imports: [TypeOrmModule.forFeature([Campaign, MailingList]), SubscribersCoreModule],
      controllers: servesHttp ? [AdminCampaignsController] : [],
      providers: [
        CampaignsService,
        CampaignRenderer,
        CampaignSendingService,
        CampaignTestSender,
        CampaignDeliveryService,
        ...(runsJobs ? [CampaignProcessor] : []),
      ],
      exports: [CampaignsService, CampaignRenderer, CampaignSendingService, CampaignTestSender],
    };
  }
}
