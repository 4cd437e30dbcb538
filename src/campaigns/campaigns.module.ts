import { type DynamicModule, Module } from '@nestjs/common';
import { CampaignDeliveryService } from '../delivery/campaign-delivery.service.js';
import { CampaignFanoutService } from '../delivery/campaign-fanout.service.js';
import { CampaignSweeper } from '../delivery/campaign-sweeper.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { AdminCampaignsController } from './admin-campaigns.controller.js';
import { CampaignProcessor } from './campaign.processor.js';
import { SendLatencyRecorder } from '../metrics/send-latency.recorder.js';
import { CampaignsCoreModule } from './campaigns-core.module.js';

/** The admin API for campaigns and, in processes that run jobs, the send pipeline. Import it once. */
@Module({})
export class CampaignsModule {
  static forRole(servesHttp: boolean, runsJobs: boolean): DynamicModule {
    return {
      module: CampaignsModule,
      imports: [CampaignsCoreModule, SubscribersCoreModule],
      controllers: servesHttp ? [AdminCampaignsController] : [],
      providers: runsJobs
        ? [
            CampaignDeliveryService,
            CampaignFanoutService,
            CampaignProcessor,
            CampaignSweeper,
            SendLatencyRecorder,
          ]
        : [],
    };
  }
}
