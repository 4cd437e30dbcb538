import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan, MoreThanOrEqual, QueryFailedError } from 'typeorm';
import { Article } from '../articles/entities/article.entity.js';
import { CampaignSendingService } from '../campaigns/campaign-sending.service.js';
import { Campaign } from '../campaigns/entities/campaign.entity.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { articleWindow, renderSubject } from './digest-window.js';
import { Schedule } from './entities/schedule.entity.js';
import { ScheduleRun, type ScheduleRunOutcome } from './entities/schedule-run.entity.js';

/**
 * Turns one cron slot of a schedule into a digest, once. The slot's run row is unique per
 * (schedule, slot) and is written in the same transaction as the campaign, so two workers, a
 * retried job or a duplicated one make one campaign at most; whoever loses the race writes nothing.
 */
@Injectable()
export class ScheduleRunner {
  private readonly logger = new Logger(ScheduleRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sending: CampaignSendingService,
  ) {}

  async runSlot(scheduleId: number, slotAt: Date, now = new Date()): Promise<ScheduleRun | null> {
    const schedule = await this.dataSource.getRepository(Schedule).findOneBy({ id: scheduleId });
    if (!schedule || !schedule.active) return null;
    const existing = await this.runs.findOneBy({ scheduleId, slotAt });
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
    const campaign = await this.dataSource
      .getRepository(Campaign)
      .findOneBy({ id: run.campaignId });
    if (campaign?.status !== 'draft') return run;
    try {
      await this.sending.send(campaign, null);
    } catch (error) {
      // Another runner of the same slot started it between our read and our send: that is done.
      if (!(error instanceof ConflictException)) throw error;
      const now = await this.dataSource.getRepository(Campaign).findOneBy({ id: campaign.id });
      if (now?.status === 'draft') throw error;
    }
    return run;
  }

  /** The newest articles in the schedule's window, newest first, at most maxArticles. */
  private async newArticles(schedule: Schedule, now: Date): Promise<number[]> {
    const previous = await this.runs.findOne({
      where: { scheduleId: schedule.id, outcome: 'sent' },
      order: { slotAt: 'DESC' },
    });
    const window = articleWindow(schedule, previous ? new Date(previous.ranAt) : null, now);
    const rows = await this.dataSource.getRepository(Article).find({
      select: { id: true },
      where: {
        publishedAt: MoreThanOrEqual(window.publishedSince),
        ...(window.collectedAfter ? { createdAt: MoreThan(window.collectedAfter) } : {}),
      },
      order: { publishedAt: 'DESC', id: 'DESC' },
      take: schedule.maxArticles,
    });
    return rows.map((row) => row.id);
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
    try {
      return await this.dataSource.transaction(async (manager) => {
        let campaignId: number | null = null;
        if (outcome === 'sent') {
          const campaign = await manager.save(
            manager.create(Campaign, {
              listId: schedule.listId,
              scheduleId: schedule.id,
              subject: renderSubject(schedule.subject, slotAt, {
                locale: this.config.DIGEST_DATE_LOCALE,
                digits: this.config.DIGEST_DIGITS,
                timeZone: schedule.timezone,
              }),
              articleIds: JSON.stringify(extra.articleIds ?? []),
              status: 'draft',
              createdAt: ranAt,
            }),
          );
          campaignId = campaign.id;
        }
        return manager.save(
          manager.create(ScheduleRun, {
            scheduleId: schedule.id,
            slotAt,
            outcome,
            campaignId,
            detail: extra.detail ?? '',
            ranAt,
          }),
        );
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      this.logger.debug(`schedule ${schedule.id}: slot ${slotAt.toISOString()} was taken already`);
      return null;
    }
  }

  private get runs() {
    return this.dataSource.getRepository(ScheduleRun);
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function describeDelay(seconds: number): string {
  if (seconds >= 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}
