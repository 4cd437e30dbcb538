import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One signup request and, once confirmed, the record of consent: which lists, when, from where.
 * Every signup writes one, whatever the state of the address, so the public answer is uniform.
 */
@Entity('consents')
export class Consent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'subscriber_id', type: 'integer' })
  subscriberId!: number;

  /** JSON array of list ids. */
  @Column({ name: 'list_ids', type: 'text' })
  listIds!: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  ip!: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, default: '' })
  userAgent!: string;

  /** Where the signup came from: "form", "embed", "admin", "import", or what the site sent. */
  @Column({ type: 'varchar', length: 100, default: '' })
  source!: string;

  @Column({ name: 'requested_at' })
  requestedAt!: Date;

  @Column({ name: 'confirmed_at', nullable: true, type: Date })
  confirmedAt!: Date | null;

  parsedListIds(): number[] {
    return JSON.parse(this.listIds) as number[];
  }
}
