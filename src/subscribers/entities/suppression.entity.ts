import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * "unsubscribed" is kept when an unsubscribed person is erased: it blocks imports and admin adds,
 * yet the person may still sign up again by themselves (confirming lifts it). The other reasons
 * block every send and every signup.
 */
export type SuppressionReason =
  'unsubscribed' | 'hard_bounce' | 'soft_bounce' | 'complaint' | 'manual';

@Entity('suppressions')
export class Suppression {
  @PrimaryGeneratedColumn()
  id!: number;

  /** sha256 of the normalised address, so an erased address can stay suppressed without being kept. */
  @Column({ name: 'email_hash', type: 'varchar', length: 64, unique: true })
  emailHash!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 32 })
  reason!: SuppressionReason;

  @Column({ type: 'text', default: '' })
  detail!: string;

  /** The bounce or complaint report that caused it, if one did. */
  @Column({ name: 'bounce_id', type: 'integer', nullable: true })
  bounceId!: number | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
