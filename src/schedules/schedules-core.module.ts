import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubscribersCoreModule } from '../subscribers/subscribers-core.module.js';
import { Schedule } from './entities/schedule.entity.js';
import { ScheduleRun } from './entities/schedule-run.entity.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesService } from './schedules.service.js';

/**
 * Schedules as the editors' pages and the API use them. A static module, so importing it twice
 * never runs the digest slots twice.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Schedule, ScheduleRun]), SubscribersCoreModule],
  providers: [SchedulesRepository, SchedulesService],
  exports: [SchedulesRepository, SchedulesService],
})
export class SchedulesCoreModule {}
