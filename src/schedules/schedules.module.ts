import { type DynamicModule, Module } from '@nestjs/common';
import { ArticlesCoreModule } from '../articles/articles-core.module.js';
import { CampaignsCoreModule } from '../campaigns/campaigns-core.module.js';
import { AdminSchedulesController } from './admin-schedules.controller.js';
import { ScheduleProcessor } from './schedule.processor.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import { SchedulesCoreModule } from './schedules-core.module.js';

/**
 * Recurring digests: cron + time zone, one BullMQ job scheduler each. The admin API where HTTP is
 * served, the processor that runs the slots where jobs run. Import it once.
 */
@Module({})
export class SchedulesModule {
  static forRole(servesHttp: boolean, runsJobs: boolean): DynamicModule {
    return {
      module: SchedulesModule,
      imports: [SchedulesCoreModule, ArticlesCoreModule, CampaignsCoreModule],
      controllers: servesHttp ? [AdminSchedulesController] : [],
      providers: [ScheduleRunner, ...(runsJobs ? [ScheduleProcessor] : [])],
    };
  }
}
