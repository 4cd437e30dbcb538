import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type PollStatus = 'pending' | 'ok' | 'not_modified' | 'error';

@Entity('feeds')
export class Feed {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 2000, unique: true })
  url!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  title!: string;

  @Column({ name: 'poll_minutes', type: 'integer', default: 10 })
  pollMinutes!: number;

  /** A paused feed has no job scheduler and is not polled; its articles and settings stay. */
  @Column({ type: 'boolean', default: false })
  paused!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  etag!: string | null;

  @Column({ name: 'last_modified', type: 'varchar', length: 100, nullable: true })
  lastModified!: string | null;

  @Column({ name: 'last_polled_at', nullable: true, type: Date })
  lastPolledAt!: Date | null;

  @Column({ name: 'last_status', type: 'varchar', length: 16, default: 'pending' })
  lastStatus!: PollStatus;

  /**
   * Why the last poll failed, in English as safeFetch and the parser word it ("refused: 10.0.0.5
   * is a private address", "HTTP 404", …): the API returns it as is, the pages translate it. After
   * a successful poll, what it skipped and why, and an unknown encoding (`poll-notes.ts`).
   */
  @Column({ name: 'last_error', type: 'text', default: '' })
  lastError!: string;

  @Column({ name: 'last_new', type: 'integer', default: 0 })
  lastNew!: number;

  @Column({ name: 'last_updated', type: 'integer', default: 0 })
  lastUpdated!: number;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
