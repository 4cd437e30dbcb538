import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * pending → sending (claimed by one worker) → sent | failed; skipped when the subscriber left
 * before their turn; cancelled with the campaign. In a subject test, the rest of the list is
 * `held` until a subject is chosen, then pending.
 */
export type DeliveryStatus =
  'held' | 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled';

@Entity('deliveries')
export class Delivery {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @Column({ name: 'subscriber_id', type: 'integer' })
  subscriberId!: number;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** In a subject test, the index of the subject this reader's group gets; null for the rest. */
  @Column({ name: 'test_group', type: 'smallint', nullable: true })
  testGroup!: number | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  claim!: string | null;

  @Column({ name: 'claimed_at', nullable: true, type: Date })
  claimedAt!: Date | null;

  @Column({ name: 'sent_at', nullable: true, type: Date })
  sentAt!: Date | null;

  @Column({ type: 'text', default: '' })
  error!: string;
}
