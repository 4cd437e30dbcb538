import { Module } from '@nestjs/common';
import { BouncesModule } from '../bounces/bounces.module.js';
import { CampaignsCoreModule } from '../campaigns/campaigns-core.module.js';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({
  imports: [BouncesModule, CampaignsCoreModule, SubscribersCoreModule],
  controllers: [MetricsController],
  providers: [MetricsService],
})
export class MetricsModule {}
