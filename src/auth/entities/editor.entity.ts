import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const EDITOR_ROLES = ['admin', 'editor'] as const;
export type EditorRole = (typeof EDITOR_ROLES)[number];

/** A person who logs in to /admin. Admins also manage the other accounts. */
@Entity('editors')
export class Editor {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  name!: string;

  /** argon2id, with its parameters and salt in the encoded string. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: EditorRole;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'password_changed_at' })
  passwordChangedAt!: Date;

  @Column({ name: 'disabled_at', nullable: true, type: Date })
  disabledAt!: Date | null;
}
