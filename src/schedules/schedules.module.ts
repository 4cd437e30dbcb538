import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsCoreModule } from '../campaigns/campaigns-core.module.js';
import { AdminSchedulesController } from './admin-schedules.controller.js';
import { Schedule } from './entities/schedule.entity.js';
import { ScheduleRun } from './entities/schedule-run.entity.js';
import { ScheduleProcessor } from './schedule.processor.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import { SchedulesService } from './schedules.service.js';

/** Recurring digests: cron + time zone, one BullMQ job scheduler each. */
@Module({})
export class SchedulesModule {
  static forRole(servesHttp: boolean, runsJobs: boolean): DynamicModule {
    return {
      module: SchedulesModule,
      imports: [TypeOrmModule.forFeature([Schedule, ScheduleRun]), CampaignsCoreModule],
      controllers: servesHttp ? [AdminSchedulesController] : [],
      providers: [SchedulesService, ScheduleRunner, ...(runsJobs ? [ScheduleProcessor] : [])],
    };
  }
}
