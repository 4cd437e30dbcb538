import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A batch of counts the flusher moved from Redis, recorded in the same transaction as its
 * counts: a batch that is already here is never added a second time (see click-flusher.ts).
 */
@Entity('click_flushes')
export class ClickFlush {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'flushed_at' })
  flushedAt!: Date;
}
