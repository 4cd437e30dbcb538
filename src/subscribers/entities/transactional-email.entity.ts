import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `unsubscribe`: the link to leave, sent to whoever typed the address at GET /unsubscribe. */
export type TransactionalKind = 'confirm' | 'welcome' | 'unsubscribe';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** The outbox of one-off emails; one row per (consent, kind), claimed before it is sent. */
@Entity('transactional_emails')
export class TransactionalEmail {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'subscriber_id', type: 'integer' })
  subscriberId!: number;

  @Column({ name: 'consent_id', type: 'integer' })
  consentId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: TransactionalKind;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: OutboxStatus;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'claimed_at', nullable: true, type: Date })
  claimedAt!: Date | null;

  @Column({ name: 'sent_at', nullable: true, type: Date })
  sentAt!: Date | null;

  @Column({ type: 'text', default: '' })
  error!: string;
}
