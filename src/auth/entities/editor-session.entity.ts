import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A logged-in browser. The cookie holds a random token; only its sha256 is kept here. */
@Entity('editor_sessions')
export class EditorSession {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'editor_id', type: 'integer' })
  editorId!: number;

  /** The synchronizer token every state-changing form of this session must carry. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'expires_at' })
  expiresAt!: Date;

  @Column({ name: 'last_seen_at' })
  lastSeenAt!: Date;
}
