import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A recurring digest: at each cron slot (in its time zone) the newest articles go to one list. */
@Entity('schedules')
export class Schedule {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'list_id', type: 'integer' })
  listId!: number;

  /** Five fields (minute hour day month weekday), or six with seconds first. */
  @Column({ type: 'varchar', length: 100 })
  cron!: string;

  /** IANA name, e.g. Asia/Baghdad: the cron is read in this zone, DST included. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  /** May hold {{date}}, written as the digest dates an issue, in the schedule's zone. */
  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** Articles collected since this schedule's previous digest (else the last sinceHours). */
  @Column({ name: 'since_last_digest', type: 'boolean', default: true })
  sinceLastDigest!: boolean;

  @Column({ name: 'since_hours', type: 'integer', nullable: true })
  sinceHours!: number | null;

  @Column({ name: 'max_articles', type: 'integer', default: 10 })
  maxArticles!: number;

  /** Fewer new articles than this: no digest for the slot, and the skip is recorded. */
  @Column({ name: 'min_articles', type: 'integer', default: 1 })
  minArticles!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}
