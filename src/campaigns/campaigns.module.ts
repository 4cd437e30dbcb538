import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { AdminCampaignsController } from './admin-campaigns.controller.js';
import { CampaignRenderer } from './campaign-renderer.service.js';
import { CampaignsService } from './campaigns.service.js';
import { Campaign } from './entities/campaign.entity.js';

@Module({})
export class CampaignsModule {
  static forRole(servesHttp: boolean): DynamicModule {
    return {
      module: CampaignsModule,
      imports: [TypeOrmModule.forFeature([Campaign, MailingList])],
      controllers: servesHttp ? [AdminCampaignsController] : [],
      providers: [CampaignsService, CampaignRenderer],
      exports: [CampaignsService, CampaignRenderer],
    };
  }
}
