import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What one cron slot of a schedule did: sent (a campaign), skipped (too few new articles) or
 * missed (it came too late, after downtime longer than the grace period). One row per slot.
 */
export type ScheduleRunOutcome = 'sent' | 'skipped' | 'missed';

@Entity('schedule_runs')
export class ScheduleRun {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'schedule_id', type: 'integer' })
  scheduleId!: number;

  @Column({ name: 'slot_at' })
  slotAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  outcome!: ScheduleRunOutcome;

  @Column({ name: 'campaign_id', type: 'integer', nullable: true })
  campaignId!: number | null;

  @Column({ type: 'text', default: '' })
  detail!: string;

  /** When the slot was handled; a digest's article window ends here. */
  @Column({ name: 'ran_at' })
  ranAt!: Date;
}
