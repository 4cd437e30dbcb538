import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * hard: the address is dead (suppressed at once). soft: a temporary failure of the reader's
 * mailbox or server (recorded; repeated ones suppress). blocked: refused for something about the
 * sender or the message (policy, spam, authentication): never the reader's fault, never
 * suppressed, shown to editors. complaint: the reader marked it as spam.
 */
export type BounceType = 'hard' | 'soft' | 'blocked' | 'complaint';

/**
 * What a report did: suppressed, unsubscribed (a complaint), recorded only, or nothing because it
 * matched no message we sent (unmatched) or was not a failure (ignored).
 */
export type BounceOutcome =
  'suppressed' | 'unsubscribed and suppressed' | 'recorded' | 'unmatched' | 'ignored';

/** One bounce or complaint reported for an address; soft ones are counted over a window. */
@Entity('bounces')
export class Bounce {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'email_hash', type: 'varchar', length: 64 })
  emailHash!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: BounceType;

  /** The MTA's words (status and diagnostic), as the report gives them. */
  @Column({ type: 'text', default: '' })
  reason!: string;

  /** What the reader made of it, in Sisimai's vocabulary (`userunknown`, `spamdetected` …). */
  @Column({ name: 'reason_code', type: 'varchar', length: 32, default: '' })
  reasonCode!: string;

  /** The enhanced status code (`5.1.1`), '' when the report gives none. */
  @Column({ type: 'varchar', length: 16, default: '' })
  status!: string;

  @Column({ type: 'varchar', length: 32, default: '' })
  outcome!: BounceOutcome | '';

  /** A soft failure of the reader's own mailbox, counted toward the soft-bounce limit. */
  @Column({ type: 'boolean', default: false })
  strike!: boolean;

  /** The message it answers (`c12` a campaign, `t9` an outbox email), so one message counts once. */
  @Column({ name: 'message_ref', type: 'varchar', length: 64, nullable: true })
  messageRef!: string | null;

  @Column({ name: 'message_id', type: 'varchar', length: 500, nullable: true })
  messageId!: string | null;

  /** Known when the report matched one of our campaign messages. */
  @Column({ name: 'campaign_id', type: 'integer', nullable: true })
  campaignId!: number | null;

  @Column({ name: 'subscriber_id', type: 'integer', nullable: true })
  subscriberId!: number | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
