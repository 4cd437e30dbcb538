import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

@Entity('subscribers')
export class Subscriber {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Normalised: trimmed, domain lower-cased and in punycode. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

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
