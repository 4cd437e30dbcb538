import { type DynamicModule, Module } from '@nestjs/common';
import { AdminCampaignsController } from './admin-campaigns.controller.js';
import { CampaignsCoreModule } from './campaigns-core.module.js';
import { SendPipelineModule } from './sending/send-pipeline.module.js';

/** The admin API for campaigns and, in processes that run jobs, the send pipeline. Import it once. */
@Module({})
export class CampaignsModule {
  static forRole(servesHttp: boolean, runsJobs: boolean): DynamicModule {
    return {
      module: CampaignsModule,
      imports: [CampaignsCoreModule, ...(runsJobs ? [SendPipelineModule] : [])],
      controllers: servesHttp ? [AdminCampaignsController] : [],
    };
  }
}
