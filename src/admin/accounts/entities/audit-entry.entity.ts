import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One thing an editor (or a script with a token) changed, kept for the people who run the site. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'editor_id', type: 'integer', nullable: true })
  editorId!: number | null;

  /** Who, as shown: an editor's email, "token:<name>" or "bootstrap token". */
  @Column({ type: 'varchar', length: 400 })
  actor!: string;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 400, default: '' })
  target!: string;

  @Column({ type: 'text', default: '' })
  detail!: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  ip!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
