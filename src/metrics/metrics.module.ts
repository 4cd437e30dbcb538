import { Module } from '@nestjs/common';
import { BouncesCoreModule } from '../bounces/bounces-core.module.js';
import { CampaignsCoreModule } from '../campaigns/campaigns-core.module.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({
  imports: [BouncesCoreModule, CampaignsCoreModule, SubscribersCoreModule],
  controllers: [MetricsController],
  providers: [MetricsService],
})
export class MetricsModule {}
