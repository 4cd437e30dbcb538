import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'sent' | 'cancelled';

/** One digest send to one list. */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'list_id', type: 'integer' })
  listId!: number;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** JSON array of article ids, in the order the digest shows them. */
  @Column({ name: 'article_ids', type: 'text' })
  articleIds!: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: CampaignStatus;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  parsedArticleIds(): number[] {
    return JSON.parse(this.articleIds) as number[];
  }
}
