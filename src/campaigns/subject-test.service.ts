import { InjectQueue } from '@nestjs/bullmq';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ClicksRepository } from '../clicks/clicks.repository.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DeliveriesRepository } from '../delivery/deliveries.repository.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type { Campaign } from './entities/campaign.entity.js';
import {
  parseSubjectTest,
  type SubjectChooser,
  type SubjectTest,
  type SubjectTestPhase,
  winnerByClicks,
} from './subject-test.js';
import type { SubjectGroupView, SubjectTestView } from './subject-test-view.js';

/** Clocks of processes differ a little: a decision this close to its time is made at once. */
const EARLY_TOLERANCE_MS = 5_000;

/**
 * A campaign's subject test once it is sending. The fan-out draws each reader's group
 * (testGroupOf): the test groups' rows are pending, the rest's `held`. When no test row is left
 * open, the wait starts (testGroupsSent); the editor chooses, or at its end the clicks do
 * (decideByClicks). Choosing writes the winner once (a conditional update), then turns the held
 * rows pending and queues them: each reader has one row, so nobody gets two.
 */
@Injectable()
export class SubjectTestService {
  private readonly logger = new Logger(SubjectTestService.name);

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly clicks: ClicksRepository,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The editor's choice: 422 for an index that is none of its subjects, 409 when there is nothing
   * to choose now (one subject, not started, already chosen, cancelled or sent).
   */
  async choose(campaign: Campaign, index: unknown): Promise<Campaign> {
    const test = parseSubjectTest(campaign.subjectTest);
    if (!test) throw new ConflictException('This campaign has one subject: there is no test.');
    if (typeof index !== 'number' || !Number.isInteger(index) || !test.subjects[index]) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        message: 'Invalid input',
        fields: {
          subject: `must be the index of one of its subjects, 0 to ${test.subjects.length - 1}`,
        },
      });
    }
    if (!(await this.decide(campaign.id, test, index, 'editor'))) {
      const current = (await this.campaigns.byId(campaign.id)) ?? campaign;
      throw new ConflictException(
        current.winner !== null
          ? 'A subject was chosen already.'
          : `The campaign is ${current.status}: a subject is chosen while it is sending or paused.`,
      );
    }
    return (await this.campaigns.byId(campaign.id)) ?? campaign;
  }

  /**
   * The test groups are all sent: the wait starts (once), and with the choice left to clicks, a
   * job to make it when the wait ends. Queued again whenever this is asked again (the sweeper,
   * after Redis lost its jobs); its id names the moment, so it is queued once.
   */
  async testGroupsSent(campaign: Campaign): Promise<void> {
    const test = parseSubjectTest(campaign.subjectTest);
    if (!test || campaign.winner !== null) return;
    await this.campaigns.markTestSent(campaign.id);
    if (test.choose !== 'clicks') return;
    const current = await this.campaigns.byId(campaign.id);
    if (!current?.testSentAt) return;
    await this.queueDecision(current, test);
  }

  /**
   * The choice by clicks, at the end of the wait: the group whose messages' readers clicked most
   * (winnerByClicks). Early (a job queued twice) it waits for its time; after a choice, nothing.
   * Counts reach the database within seconds of a click (the web process's flusher).
   */
  async decideByClicks(campaignId: number): Promise<void> {
    const campaign = await this.campaigns.byId(campaignId);
    const test = campaign && parseSubjectTest(campaign.subjectTest);
    if (!campaign || !test || test.choose !== 'clicks' || campaign.winner !== null) return;
    if (!campaign.testSentAt) return;
    // Run early (queued by a process whose clock is ahead): again at its time, under a new id,
    // since this job's own id is taken until it ends.
    const early = decideAt(campaign, test) - Date.now();
    if (early > EARLY_TOLERANCE_MS)
      return this.queueDecision(campaign, test, `-early-${Date.now()}`);
    const figures = await this.groupFigures(campaign, test);
    const winner = winnerByClicks(
      figures.map(({ index, sent, readers }) => ({ group: index, sent, readers: readers ?? 0 })),
    );
    if (await this.decide(campaignId, test, winner, 'clicks')) {
      this.logger.log(`campaign ${campaignId}: subject ${winner + 1} chosen by clicks`);
    }
  }

  /**
   * The rest of the list, pending: after the winner is written, and again if the process that
   * wrote it stopped before this. True when rows moved (their batches are queued).
   */
  async releaseRest(campaignId: number): Promise<boolean> {
    const released = await this.deliveries.releaseHeld(campaignId);
    if (released === 0) return false;
    await enqueue(
      this.queue,
      JOBS.requeuePending,
      { campaignId },
      { jobId: `requeue-${campaignId}-winner-${Date.now()}` },
    );
    return true;
  }

  /** The test as the API and the campaign page show it; null for a campaign with one subject. */
  async view(campaign: Campaign): Promise<SubjectTestView | null> {
    const test = parseSubjectTest(campaign.subjectTest);
    if (!test) return null;
    const subjects = await this.groupFigures(campaign, test);
    const rows = await this.deliveries.countByGroup(campaign.id);
    const rest = rows.filter((row) => row.group === null);
    const sum = (list: typeof rows, statuses?: string[]) =>
      list
        .filter((row) => !statuses || statuses.includes(row.status))
        .reduce((total, row) => total + row.count, 0);
    return {
      phase: phaseOf(campaign),
      choose: test.choose,
      sharePercent: test.sharePercent,
      waitMinutes: test.waitMinutes,
      testSentAt: iso(campaign.testSentAt),
      decideAt: campaign.testSentAt ? new Date(decideAt(campaign, test)).toISOString() : null,
      winner: campaign.winner,
      chosenBy: (campaign.winnerChosenBy as SubjectChooser | null) ?? null,
      chosenAt: iso(campaign.winnerChosenAt),
      clicksTracked: this.perReader,
      choosable:
        campaign.winner === null && (campaign.status === 'sending' || campaign.status === 'paused'),
      subjects,
      rest: { recipients: sum(rest), held: sum(rest, ['held']), sent: sum(rest, ['sent']) },
    };
  }

  private get perReader(): boolean {
    return this.config.TRACK_CLICKS === 'per-subscriber';
  }

  private async decide(
    campaignId: number,
    test: SubjectTest,
    index: number,
    by: SubjectChooser,
  ): Promise<boolean> {
    if (!(await this.campaigns.chooseWinner(campaignId, index, test.subjects[index], by))) {
      return false;
    }
    await this.releaseRest(campaignId);
    return true;
  }

  private async queueDecision(campaign: Campaign, test: SubjectTest, round = ''): Promise<void> {
    const at = decideAt(campaign, test);
    await enqueue(
      this.queue,
      JOBS.decideSubject,
      { campaignId: campaign.id },
      { jobId: `decide-${campaign.id}-${at}${round}`, delay: Math.max(0, at - Date.now()) },
    );
  }

  private async groupFigures(campaign: Campaign, test: SubjectTest): Promise<SubjectGroupView[]> {
    const rows = await this.deliveries.countByGroup(campaign.id);
    const readers = this.perReader ? await this.clicks.readersByTestGroup(campaign.id) : null;
    return test.subjects.map((subject, index) => {
      const mine = rows.filter((row) => row.group === index);
      const count = (...statuses: string[]) =>
        mine
          .filter((row) => statuses.length === 0 || statuses.includes(row.status))
          .reduce((total, row) => total + row.count, 0);
      const sent = count('sent');
      const clicked = readers ? (readers.get(index) ?? 0) : null;
      return {
        index,
        subject,
        sharePercent: test.sharePercent,
        recipients: count(),
        sent,
        pending: count('pending', 'sending'),
        readers: clicked,
        clickRate: clicked !== null && sent > 0 ? clicked / sent : null,
      };
    });
  }
}

function phaseOf(campaign: Campaign): SubjectTestPhase {
  if (campaign.winner !== null) return 'decided';
  if (campaign.status === 'draft' || campaign.status === 'scheduled') return 'draft';
  return campaign.testSentAt ? 'waiting' : 'testing';
}

/** When the wait ends, in epoch ms. */
function decideAt(campaign: Campaign, test: SubjectTest): number {
  return new Date(campaign.testSentAt!).getTime() + Math.round(test.waitMinutes * 60_000);
}

function iso(value: Date | string | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
