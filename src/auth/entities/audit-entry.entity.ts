import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One thing an editor (or a script with a token) changed, kept for the people who run the site. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'editor_id', type: 'integer', nullable: true })
  editorId!: number | null;

  /**
   * Who, as the actor's label: an editor's email, "<email> (token:<name>)" for an editor's API
   * token, "token:<name>" for a service token, "ADMIN_TOKEN", or "anonymous" (a failed login).
   */
  @Column({ type: 'varchar', length: 400 })
  actor!: string;

  /** "<METHOD> <route>" for a request (e.g. "POST /admin/subscribers/:id/erase"), or "login" / "login failed". */
  @Column({ type: 'varchar', length: 100 })
  action!: string;

  /** On what: the route's :id, a list's slug (imports), or the address a failed login typed. */
  @Column({ type: 'varchar', length: 400, default: '' })
  target!: string;

  /** The outcome: the HTTP status, with a few words when the guard refused ("403 CSRF …"). */
  @Column({ type: 'text', default: '' })
  detail!: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  ip!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
