import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { ArticlesRepository } from '../articles/articles.repository.js';
import { CampaignSendingService } from '../campaigns/campaign-sending.service.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { articleWindow, renderSubject } from './digest-window.js';
import type { Schedule } from './entities/schedule.entity.js';
import type { ScheduleRun, ScheduleRunOutcome } from './entities/schedule-run.entity.js';
import { SchedulesRepository } from './schedules.repository.js';

/**
 * Turns one cron slot of a schedule into a digest, once. The slot's run row is unique per
 * (schedule, slot) and is written in the same transaction as the campaign, so two workers, a
 * retried job or a duplicated one make one campaign at most; whoever loses the race writes nothing.
 */
@Injectable()
export class ScheduleRunner {
  private readonly logger = new Logger(ScheduleRunner.name);

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly articles: ArticlesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sending: CampaignSendingService,
  ) {}

  async runSlot(scheduleId: number, slotAt: Date, now = new Date()): Promise<ScheduleRun | null> {
    const schedule = await this.schedules.byId(scheduleId);
    if (!schedule || !schedule.active) return null;
    const existing = await this.schedules.runOfSlot(scheduleId, slotAt);
    if (existing) return this.finishInterrupted(existing);

    const lateSeconds = Math.round((now.getTime() - slotAt.getTime()) / 1000);
    if (lateSeconds > this.config.SCHEDULE_GRACE_SECONDS) {
      return this.record(schedule, slotAt, 'missed', {
        detail: `ran ${describeDelay(lateSeconds)} late, after the ${describeDelay(this.config.SCHEDULE_GRACE_SECONDS)} grace period`,
      });
    }
    const articleIds = await this.newArticles(schedule, now);
    if (articleIds.length < schedule.minArticles) {
      return this.record(schedule, slotAt, 'skipped', {
        detail: `${articleIds.length} new articles, fewer than the minimum of ${schedule.minArticles}`,
      });
    }
    const run = await this.record(schedule, slotAt, 'sent', { articleIds, now });
    if (run) await this.finishInterrupted(run);
    return run;
  }

  /** Sends a campaign whose slot was recorded by a process that died before sending it. */
  private async finishInterrupted(run: ScheduleRun): Promise<ScheduleRun> {
    if (run.outcome !== 'sent' || !run.campaignId) return run;
    const campaign = await this.schedules.campaignOfRun(run);
    if (campaign?.status !== 'draft') return run;
    try {
      await this.sending.send(campaign, null);
    } catch (error) {
      // Another runner of the same slot started it between our read and our send: that is done.
      if (!(error instanceof ConflictException)) throw error;
      const now = await this.schedules.campaignOfRun(run);
      if (now?.status === 'draft') throw error;
    }
    return run;
  }

  /** The newest articles in the schedule's window, newest first, at most maxArticles. */
  private async newArticles(schedule: Schedule, now: Date): Promise<number[]> {
    const previous = await this.schedules.lastSentRun(schedule.id);
    const window = articleWindow(schedule, previous ? new Date(previous.ranAt) : null, now);
    return this.articles.newestIdsIn(window, schedule.maxArticles);
  }

  /**
   * Writes the slot's run (and, for "sent", its campaign) in one transaction. Returns null when
   * another worker recorded the slot first.
   */
  private async record(
    schedule: Schedule,
    slotAt: Date,
    outcome: ScheduleRunOutcome,
    extra: { detail?: string; articleIds?: number[]; now?: Date },
  ): Promise<ScheduleRun | null> {
    const ranAt = extra.now ?? new Date();
    const digest =
      outcome === 'sent'
        ? {
            listId: schedule.listId,
            scheduleId: schedule.id,
            subject: renderSubject(schedule.subject, slotAt, {
              locale: this.config.DIGEST_DATE_LOCALE,
              digits: this.config.DIGEST_DIGITS,
              timeZone: schedule.timezone,
            }),
            articleIds: JSON.stringify(extra.articleIds ?? []),
            status: 'draft' as const,
            createdAt: ranAt,
          }
        : null;
    const run = await this.schedules.recordSlot(
      { scheduleId: schedule.id, slotAt, outcome, detail: extra.detail ?? '', ranAt },
      digest,
    );
    if (!run) {
      this.logger.debug(`schedule ${schedule.id}: slot ${slotAt.toISOString()} was taken already`);
    }
    return run;
  }
}

function describeDelay(seconds: number): string {
  if (seconds >= 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}
