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
import type { Progress } from './campaign-sending.service.js';
import type { Campaign } from './entities/campaign.entity.js';
import {
  parseSubjectTest,
  type SubjectChooser,
  type SubjectTest,
  type SubjectTestPhase,
  winnerByClicks,
} from './subject-test.js';
import type { SubjectGroupView, SubjectTestView } from './subject-test-view.js';
import { isoOrNull } from '../common/iso-time.js';

/** Clocks of processes differ a little: a decision this close to its time is made at once. */
const EARLY_TOLERANCE_MS = 5_000;

/** Held rows turned pending per statement. */
const RELEASE_PAGE = 10_000;

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
   * The test groups are all sent: the wait starts (once). The sweeper makes a choice left to
   * clicks when the wait is over (queueDueDecisions); an editor's waits for the editor.
   */
  async testGroupsSent(campaign: Campaign): Promise<void> {
    if (!campaign.subjectTest || campaign.winner !== null) return;
    await this.campaigns.markTestSent(campaign.id);
  }

  /**
   * The choice by clicks, at the end of the wait: the group whose messages' readers clicked most
   * (winnerByClicks). Early (a job queued twice) it waits for its time; after a choice, nothing.
   * Counts reach the database within seconds of a click (the web process's flusher).
   */
  async decideByClicks(campaignId: number): Promise<void> {
    const campaign = await this.campaigns.byId(campaignId);
    const test = campaign && parseSubjectTest(campaign.subjectTest);
    if (!campaign || !test || test.choose !== 'clicks' || !campaign.testSentAt) return;
    // Chosen already (this job ran before and stopped after the choice): queue the rest again.
    if (campaign.winner !== null) return this.queueRest(campaignId);
    if (decideAt(campaign, test) > Date.now() + EARLY_TOLERANCE_MS) return;
    if (!this.perReader) {
      // TRACK_CLICKS changed since the test was made: no unique readers, so no fair choice.
      this.logger.warn(
        `campaign ${campaignId}: its subject is chosen by clicks, but TRACK_CLICKS is not per-subscriber; the editor must choose`,
      );
      return;
    }
    const figures = await this.groupFigures(
      test,
      await this.deliveries.countByGroup(campaignId),
      campaign.id,
    );
    const winner = winnerByClicks(
      figures.map(({ index, sent, readers }) => ({ group: index, sent, readers: readers ?? 0 })),
    );
    if (await this.decide(campaignId, test, winner, 'clicks')) {
      this.logger.log(`campaign ${campaignId}: subject ${winner + 1} chosen by clicks`);
    }
  }

  /**
   * The rest of the list, pending, once a winner is written and the test rows are done (asked by
   * finishIfDone), in pages so that no statement holds the table for long; the campaign cannot
   * finish while any row is still held (finishSubjectTest). True when rows moved: their batches
   * are queued.
   */
  async releaseRest(campaignId: number): Promise<boolean> {
    let released = 0;
    for (;;) {
      const moved = await this.deliveries.releaseHeld(campaignId, RELEASE_PAGE);
      released += moved;
      if (moved < RELEASE_PAGE) break;
    }
    if (released === 0) return false;
    await this.queueRest(campaignId);
    return true;
  }

  /**
   * Click-chosen tests whose wait is over, for the sweeper: a decide job for each, with an id of
   * the sweep's round, so workers sweeping at once queue it once and a job that failed for good
   * is queued again next round. (Not a job delayed for the whole wait: it would keep the queue
   * from ever looking idle to the sweeper.)
   */
  async queueDueDecisions(round: string): Promise<void> {
    for (const campaign of await this.campaigns.waitingForClicks()) {
      const test = parseSubjectTest(campaign.subjectTest);
      if (!test || test.choose !== 'clicks' || !campaign.testSentAt) continue;
      if (decideAt(campaign, test) > Date.now()) continue; // never before the wait is over
      await enqueue(
        this.queue,
        JOBS.decideSubject,
        { campaignId: campaign.id },
        { jobId: `decide-${campaign.id}-${round}` },
      );
    }
  }

  /**
   * The test as the API and the campaign page show it; null for a campaign with one subject.
   * `progress`: the campaign's counts by status, which give the rest of the list.
   */
  async view(
    campaign: Campaign,
    progress: Pick<Progress, 'total' | 'sent' | 'held'>,
  ): Promise<SubjectTestView | null> {
    const test = parseSubjectTest(campaign.subjectTest);
    if (!test) return null;
    const subjects = await this.groupFigures(
      test,
      await this.deliveries.countByGroup(campaign.id),
      campaign.id,
    );
    const tested = (key: 'recipients' | 'sent') =>
      subjects.reduce((sum, group) => sum + group[key], 0);
    return {
      phase: phaseOf(campaign),
      choose: test.choose,
      sharePercent: test.sharePercent,
      waitMinutes: test.waitMinutes,
      testSentAt: isoOrNull(campaign.testSentAt),
      decideAt: campaign.testSentAt ? new Date(decideAt(campaign, test)).toISOString() : null,
      winner: campaign.winner,
      chosenBy: (campaign.winnerChosenBy as SubjectChooser | null) ?? null,
      chosenAt: isoOrNull(campaign.winnerChosenAt),
      clicksTracked: this.perReader,
      choosable:
        campaign.winner === null && (campaign.status === 'sending' || campaign.status === 'paused'),
      subjects,
      rest: {
        recipients: progress.total - tested('recipients'),
        held: progress.held,
        sent: progress.sent - tested('sent'),
      },
    };
  }

  private get perReader(): boolean {
    return this.config.TRACK_CLICKS === 'per-subscriber';
  }

  /**
   * Writes the winner (once), then queues the rest: the requeue ends in finishIfDone, which turns
   * the held rows pending once the test rows are done (releaseRest) and queues them, or finishes a
   * test that held nobody. Nothing heavy runs in the request that chose.
   */
  private async decide(
    campaignId: number,
    test: SubjectTest,
    index: number,
    by: SubjectChooser,
  ): Promise<boolean> {
    if (!(await this.campaigns.chooseWinner(campaignId, index, test.subjects[index], by))) {
      return false;
    }
    await this.queueRest(campaignId);
    return true;
  }

  private async queueRest(campaignId: number): Promise<void> {
    const round = `w${Date.now()}`;
    await enqueue(
      this.queue,
      JOBS.requeuePending,
      { campaignId, round },
      { jobId: `requeue-${campaignId}-${round}` },
    );
  }

  private async groupFigures(
    test: SubjectTest,
    rows: { group: number; status: string; count: number }[],
    campaignId: number,
  ): Promise<SubjectGroupView[]> {
    const readers = this.perReader ? await this.clicks.readersByTestGroup(campaignId) : null;
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
