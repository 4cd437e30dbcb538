import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { Article } from '../articles/entities/article.entity.js';
import { Bounce, type BounceType } from '../bounces/entities/bounce.entity.js';
import { Campaign, type CampaignStatus } from './entities/campaign.entity.js';
import type { SubjectChooser, SubjectTest } from './subject-test.js';

export interface NewDraft {
  listId: number;
  subject: string;
  /** In the order the digest shows them. */
  articleIds: number[];
  subjectTest?: SubjectTest | null;
}

export interface CampaignPageQuery {
  status?: CampaignStatus;
  /** Only campaigns with a smaller id (the last id of the previous page). */
  before?: number;
  limit: number;
}

/**
 * Every query of the campaigns table, and of the rows a campaign reads from its neighbours (its
 * articles, the bounce reports naming it). Status changes are conditional updates: every worker
 * reads the status between messages, so whoever changes it first wins and the others see it.
 */
@Injectable()
export class CampaignsRepository {
  constructor(
    @InjectRepository(Campaign) private readonly campaigns: Repository<Campaign>,
    @InjectRepository(Article) private readonly articles: Repository<Article>,
    @InjectRepository(Bounce) private readonly bounces: Repository<Bounce>,
  ) {}

  insertDraft(draft: NewDraft): Promise<Campaign> {
    return this.campaigns.save(
      this.campaigns.create({
        listId: draft.listId,
        subject: draft.subject,
        articleIds: JSON.stringify(draft.articleIds),
        subjectTest: draft.subjectTest ? JSON.stringify(draft.subjectTest) : null,
        status: 'draft',
        createdAt: new Date(),
      }),
    );
  }

  byId(id: number): Promise<Campaign | null> {
    return this.campaigns.findOneBy({ id });
  }

  /** Newest first. */
  page(query: CampaignPageQuery): Promise<Campaign[]> {
    return this.campaigns.find({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.before ? { id: LessThan(query.before) } : {}),
      },
      order: { id: 'DESC' },
      take: query.limit,
    });
  }

  withStatus(status: CampaignStatus): Promise<Campaign[]> {
    return this.campaigns.findBy({ status });
  }

  /** Scheduled campaigns that should have started before `time`. */
  scheduledBefore(time: Date): Promise<Campaign[]> {
    return this.campaigns.findBy({ status: 'scheduled', sendAt: LessThan(time) });
  }

  /**
   * Moves the campaign to `to` (with `changes`) if its status is one of `from`, in one
   * conditional update. False when it was in none of them: someone else moved it first.
   */
  async transition(
    id: number,
    from: CampaignStatus[],
    to: CampaignStatus,
    changes: Partial<Campaign> = {},
  ): Promise<boolean> {
    const result = await this.campaigns
      .createQueryBuilder()
      .update()
      .set({ status: to, ...changes })
      .where({ id, status: In(from) })
      .execute();
    return Boolean(result.affected);
  }

  /** Subject tests left to clicks whose test groups are sent, still waiting for the choice. */
  waitingForClicks(): Promise<Campaign[]> {
    return this.campaigns
      .createQueryBuilder('c')
      .where("c.status = 'sending' AND c.subject_test IS NOT NULL")
      .andWhere('c.winner IS NULL AND c.test_sent_at IS NOT NULL')
      .getMany();
  }

  /**
   * The test groups' messages are all sent: the wait starts now. False when it had started
   * already (another worker saw the end first, or the sweeper looked again).
   */
  async markTestSent(id: number): Promise<boolean> {
    const result = await this.campaigns
      .createQueryBuilder()
      .update()
      .set({ testSentAt: new Date() })
      .where('id = :id AND test_sent_at IS NULL', { id })
      .execute();
    return Boolean(result.affected);
  }

  /**
   * Records the winning subject, once: true for the one call that chose it, while the campaign is
   * sending or paused; false when it was chosen already, or the campaign is cancelled or done.
   */
  async chooseWinner(
    id: number,
    winner: number,
    subject: string,
    by: SubjectChooser,
  ): Promise<boolean> {
    const result = await this.campaigns
      .createQueryBuilder()
      .update()
      .set({ winner, subject, winnerChosenBy: by, winnerChosenAt: new Date() })
      .where({ id, status: In(['sending', 'paused']) })
      .andWhere('winner IS NULL AND subject_test IS NOT NULL')
      .execute();
    return Boolean(result.affected);
  }

  /**
   * A subject test's campaign is sent, if no row is left held, pending or being sent, checked in
   * the same statement: the rest of the list turns from held to pending in one update, so this
   * sees it one way or the other, never neither (a separate check could miss it in between).
   */
  async finishSubjectTest(id: number): Promise<boolean> {
    const result = await this.campaigns
      .createQueryBuilder()
      .update()
      .set({ status: 'sent', finishedAt: new Date() })
      .where({ id, status: 'sending' })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = :id
           AND d.status IN ('held', 'pending', 'sending'))`,
        { id },
      )
      .execute();
    return Boolean(result.affected);
  }

  /** The fan-out wrote deliveries for every subscriber up to `cursor`. */
  async advanceFanout(id: number, cursor: number): Promise<void> {
    await this.campaigns.update({ id }, { fanoutCursor: cursor });
  }

  /** The fan-out is done: `total` recipients. */
  async finishFanout(id: number, total: number): Promise<void> {
    await this.campaigns.update({ id }, { fanoutDone: true, total });
  }

  /** Articles by id, in no particular order; ids that no longer exist are left out. */
  articlesByIds(ids: number[]): Promise<Article[]> {
    return this.articles.findBy({ id: In(ids) });
  }

  /** The campaign's reports by type and reason, most frequent first. */
  async countReasons(
    campaignId: number,
  ): Promise<{ type: BounceType; reason: string; count: number }[]> {
    const rows = await this.bounces
      .createQueryBuilder('b')
      .select('b.type', 'type')
      .addSelect('b.reason_code', 'reason')
      .addSelect('COUNT(*)', 'count')
      .where('b.campaign_id = :id', { id: campaignId })
      .groupBy('b.type')
      .addGroupBy('b.reason_code')
      .orderBy('count', 'DESC')
      .addOrderBy('b.reason_code', 'ASC')
      .getRawMany<{ type: BounceType; reason: string; count: string | number }>();
    return rows.map((row) => ({ type: row.type, reason: row.reason, count: Number(row.count) }));
  }

  /** Bounces and complaints reported for the campaign's messages, by type. */
  async countReports(campaignId: number): Promise<Map<BounceType, number>> {
    const rows = await this.bounces
      .createQueryBuilder('b')
      .select('b.type', 'type')
      .addSelect('COUNT(*)', 'count')
      .where('b.campaign_id = :id', { id: campaignId })
      .groupBy('b.type')
      .getRawMany<{ type: BounceType; count: string | number }>();
    return new Map(rows.map((row) => [row.type, Number(row.count)]));
  }
}
