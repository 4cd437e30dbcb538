import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CAMPAIGN_STATUSES = [
  'draft',
  'scheduled',
  'sending',
  'paused',
  'sent',
  'cancelled',
  'failed',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** One digest send to one list. */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'list_id', type: 'integer' })
  listId!: number;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** JSON array of article ids, in the order the digest shows them. */
  @Column({ name: 'article_ids', type: 'text' })
  articleIds!: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: CampaignStatus;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  /** When a scheduled campaign starts. */
  @Column({ name: 'send_at', nullable: true, type: Date })
  sendAt!: Date | null;

  @Column({ name: 'started_at', nullable: true, type: Date })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', nullable: true, type: Date })
  finishedAt!: Date | null;

  /** Recipients, known once the fan-out is done. */
  @Column({ type: 'integer', default: 0 })
  total!: number;

  /** The last subscriber id the fan-out wrote deliveries for: a retried fan-out goes on from here. */
  @Column({ name: 'fanout_cursor', type: 'integer', default: 0 })
  fanoutCursor!: number;

  @Column({ name: 'fanout_done', type: 'boolean', default: false })
  fanoutDone!: boolean;

  /** The schedule that made it, if any. */
  @Column({ name: 'schedule_id', type: 'integer', nullable: true })
  scheduleId!: number | null;

  /** Why a `failed` campaign stopped (its digest could not be rendered), in the words of the error. */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  /** Bumped by each resume, so the batch jobs it queues get ids of their own. */
  @Column({ type: 'integer', default: 0 })
  resumes!: number;

  /**
   * A subject test (src/campaigns/subject-test.ts), as JSON; null for one subject. While it runs,
   * `subject` is the first subject; once one is chosen, the winner.
   */
  @Column({ name: 'subject_test', type: 'text', nullable: true })
  subjectTest!: string | null;

  /** The chosen subject's index in the test, once chosen. */
  @Column({ type: 'integer', nullable: true })
  winner!: number | null;

  /** When the test groups' messages had all been sent: the wait counts from here. */
  @Column({ name: 'test_sent_at', nullable: true, type: Date })
  testSentAt!: Date | null;

  @Column({ name: 'winner_chosen_at', nullable: true, type: Date })
  winnerChosenAt!: Date | null;

  /** `editor` or `clicks`. */
  @Column({ name: 'winner_chosen_by', type: 'varchar', length: 16, nullable: true })
  winnerChosenBy!: string | null;

  parsedArticleIds(): number[] {
    return JSON.parse(this.articleIds) as number[];
  }
}
