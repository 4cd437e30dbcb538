import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { recordId } from '../common/record-id.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { QUEUES } from '../queues/queue-names.js';
import { ListsService } from '../subscribers/lists.service.js';
import { nextRuns } from './cron.js';
import type { Schedule } from './entities/schedule.entity.js';
import type { ScheduleRun } from './entities/schedule-run.entity.js';
import { removeScheduler, syncScheduler } from './schedule-jobs.js';
import type { ScheduleInput } from './schedule-input.js';
import { ScheduleRefused, scheduleProblem } from './schedule-problems.js';
import { SCHEDULE_DEFAULTS } from './schedule-rules.js';
import { SchedulesRepository } from './schedules.repository.js';

/** Editors' digest schedules: stored in the database, each driven by a BullMQ job scheduler. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly lists: ListsService,
    @InjectQueue(QUEUES.schedules) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: ScheduleInput): Promise<Schedule> {
    const listId = await this.listId(input.list);
    this.check(input);
    const now = new Date();
    const schedule = await this.schedules.insert({
      listId,
      cron: input.cron.trim(),
      timezone: input.timezone,
      subject: input.subject,
      sinceLastDigest: input.sinceLastDigest ?? input.sinceHours === undefined,
      sinceHours: input.sinceHours ?? null,
      maxArticles: input.maxArticles ?? SCHEDULE_DEFAULTS.maxArticles,
      minArticles: input.minArticles ?? SCHEDULE_DEFAULTS.minArticles,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    });
    await syncScheduler(this.queue, schedule);
    return schedule;
  }

  async update(id: string, changes: Partial<ScheduleInput>): Promise<Schedule> {
    const schedule = await this.get(id);
    const listId = changes.list ? await this.listId(changes.list) : schedule.listId;
    const merged = { ...this.inputOf(schedule), ...changes };
    this.check(merged);
    await this.schedules.update(schedule.id, {
      listId,
      cron: merged.cron.trim(),
      timezone: merged.timezone,
      subject: merged.subject,
      sinceLastDigest: merged.sinceLastDigest,
      sinceHours: merged.sinceHours ?? null,
      maxArticles: merged.maxArticles,
      minArticles: merged.minArticles,
      active: merged.active,
      updatedAt: new Date(),
    });
    const updated = await this.get(id);
    // A new cron or zone replaces the pending slot; the same ones keep it.
    await syncScheduler(this.queue, updated, {
      replace: updated.cron !== schedule.cron || updated.timezone !== schedule.timezone,
    });
    return updated;
  }

  async remove(id: string): Promise<void> {
    const schedule = await this.get(id);
    await removeScheduler(this.queue, schedule.id);
    await this.schedules.delete(schedule.id);
  }

  list(): Promise<Schedule[]> {
    return this.schedules.all();
  }

  async get(id: string): Promise<Schedule> {
    const key = recordId(id);
    const schedule = key === null ? null : await this.schedules.byId(key);
    if (!schedule) throw new NotFoundException(`No schedule with id ${id}.`);
    return schedule;
  }

  recentRuns(scheduleId: number, take = 20): Promise<ScheduleRun[]> {
    return this.schedules.recentRuns(scheduleId, take);
  }

  async view(schedule: Schedule, withRuns = false) {
    const list = await this.lists.byId(schedule.listId);
    const upcoming = schedule.active
      ? nextRuns(schedule.cron, schedule.timezone, new Date(), 5)
      : [];
    const runs = withRuns ? await this.recentRuns(schedule.id) : undefined;
    return {
      id: String(schedule.id),
      list: list?.slug,
      listName: list?.name,
      cron: schedule.cron,
      timezone: schedule.timezone,
      subject: schedule.subject,
      sinceLastDigest: schedule.sinceLastDigest,
      sinceHours: schedule.sinceHours,
      maxArticles: schedule.maxArticles,
      minArticles: schedule.minArticles,
      active: schedule.active,
      nextRunAt: upcoming[0]?.toISOString() ?? null,
      // The same instants as wall-clock times in the schedule's zone, as an editor reads them.
      nextRuns: upcoming.map((date) => ({
        at: date.toISOString(),
        local: localTime(date, schedule.timezone),
      })),
      ...(runs ? { runs: runs.map(runView) } : {}),
      createdAt: new Date(schedule.createdAt).toISOString(),
    };
  }

  private check(input: Omit<ScheduleInput, 'list'>): void {
    const problem = scheduleProblem(input, this.config.SCHEDULE_MIN_INTERVAL_SECONDS);
    if (problem) throw new ScheduleRefused(problem);
  }

  private inputOf(schedule: Schedule): Required<Omit<ScheduleInput, 'list' | 'sinceHours'>> & {
    sinceHours?: number;
  } {
    return {
      cron: schedule.cron,
      timezone: schedule.timezone,
      subject: schedule.subject,
      sinceLastDigest: schedule.sinceLastDigest,
      sinceHours: schedule.sinceHours ?? undefined,
      maxArticles: schedule.maxArticles,
      minArticles: schedule.minArticles,
      active: schedule.active,
    };
  }

  private async listId(slug: string): Promise<number> {
    const list = await this.lists.bySlug(slug);
    if (!list) throw new ScheduleRefused({ field: 'list', code: 'unknown-list', slug });
    return list.id;
  }
}

function runView(run: ScheduleRun) {
  return {
    slotAt: new Date(run.slotAt).toISOString(),
    outcome: run.outcome,
    campaignId: run.campaignId === null ? null : String(run.campaignId),
    detail: run.detail,
    ranAt: new Date(run.ranAt).toISOString(),
  };
}

/** «2026-11-26 07:00» in the given zone. */
function localTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
