import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('lists')
export class MailingList {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Stable name used in URLs, the API and List-Id. */
  @Column({ type: 'varchar', length: 64, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Signups that name no list join the default lists. */
  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault!: boolean;

  /** Public lists are offered on the signup box and in the preference centre. */
  @Column({ name: 'is_public', type: 'boolean', default: true })
  isPublic!: boolean;

  @Column({ name: 'created_at' })
  createdAt!: Date;
}
