import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

@Entity('subscribers')
export class Subscriber {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Normalised (trimmed, domain lower-cased and in punycode), the local part as first typed. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** The mailbox (emailKey): every lookup by address goes through it, and it is unique. */
  @Index('uq_subscribers_email_key', { unique: true })
  @Column({ name: 'email_key', type: 'varchar', length: 254 })
  emailKey!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  name!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: SubscriberStatus;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'confirmed_at', nullable: true, type: Date })
  confirmedAt!: Date | null;

  @Column({ name: 'unsubscribed_at', nullable: true, type: Date })
  unsubscribedAt!: Date | null;
}
