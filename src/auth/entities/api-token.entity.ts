import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An editor's bearer token for the admin API. Only its sha256 is kept. */
@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  /** The editor the token acts for; null for a service token made with the CLI. */
  @Column({ name: 'editor_id', type: 'integer', nullable: true })
  editorId!: number | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', nullable: true, type: Date })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', nullable: true, type: Date })
  revokedAt!: Date | null;
}
