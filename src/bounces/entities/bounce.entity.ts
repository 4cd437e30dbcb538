import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BounceType = 'hard' | 'soft' | 'complaint';

/** One bounce or complaint reported for an address; soft ones are counted over a window. */
@Entity('bounces')
export class Bounce {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'email_hash', type: 'varchar', length: 64 })
  emailHash!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: BounceType;

  @Column({ type: 'text', default: '' })
  reason!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 500, nullable: true })
  messageId!: string | null;

  /** Known when the report names one of our Message-IDs. */
  @Column({ name: 'campaign_id', type: 'integer', nullable: true })
  campaignId!: number | null;

  @Column({ name: 'subscriber_id', type: 'integer', nullable: true })
  subscriberId!: number | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
