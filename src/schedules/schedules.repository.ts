import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Campaign } from '../campaigns/entities/campaign.entity.js';
import { Schedule } from './entities/schedule.entity.js';
import { ScheduleRun } from './entities/schedule-run.entity.js';
import { isUniqueViolation } from '../database/unique-violation.js';

/** The campaign a slot makes: written with the slot's run, in the same transaction. */
export type DigestDraft = Pick<
  Campaign,
  'listId' | 'scheduleId' | 'subject' | 'articleIds' | 'status' | 'createdAt'
>;

/** Every query of the schedules and of what their slots did. */
@Injectable()
export class SchedulesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Schedule) private readonly schedules: Repository<Schedule>,
    @InjectRepository(ScheduleRun) private readonly runs: Repository<ScheduleRun>,
  ) {}

  all(): Promise<Schedule[]> {
    return this.schedules.find({ order: { id: 'ASC' } });
  }

  byId(id: number): Promise<Schedule | null> {
    return this.schedules.findOneBy({ id });
  }

  insert(schedule: Omit<Schedule, 'id'>): Promise<Schedule> {
    return this.schedules.save(this.schedules.create(schedule));
  }

  async update(id: number, changes: Partial<Omit<Schedule, 'id'>>): Promise<void> {
    await this.schedules.update({ id }, changes);
  }

  /** The schedule goes; its runs and the digests it sent stay. */
  async delete(id: number): Promise<void> {
    await this.schedules.delete({ id });
  }

  /** Newest slot first. */
  recentRuns(scheduleId: number, take: number): Promise<ScheduleRun[]> {
    return this.runs.find({ where: { scheduleId }, order: { slotAt: 'DESC' }, take });
  }

  runOfSlot(scheduleId: number, slotAt: Date): Promise<ScheduleRun | null> {
    return this.runs.findOneBy({ scheduleId, slotAt });
  }

  /** The slot that last made a digest: the next digest's articles start after it. */
  lastSentRun(scheduleId: number): Promise<ScheduleRun | null> {
    return this.runs.findOne({
      where: { scheduleId, outcome: 'sent' },
      order: { slotAt: 'DESC' },
    });
  }

  /**
   * Writes a slot's run and, when it makes one, its digest, in one transaction: the run is unique
   * per (schedule, slot), so a slot recorded by another worker first writes nothing and is null.
   */
  async recordSlot(
    run: Omit<ScheduleRun, 'id' | 'campaignId'>,
    digest: DigestDraft | null,
  ): Promise<ScheduleRun | null> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const campaign = digest ? await manager.save(manager.create(Campaign, digest)) : null;
        return manager.save(
          manager.create(ScheduleRun, { ...run, campaignId: campaign?.id ?? null }),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** The digest a slot made, as it is now. */
  campaignOfRun(run: Pick<ScheduleRun, 'campaignId'>): Promise<Campaign | null> {
    if (run.campaignId === null) return Promise.resolve(null);
    return this.dataSource.getRepository(Campaign).findOneBy({ id: run.campaignId });
  }
}
