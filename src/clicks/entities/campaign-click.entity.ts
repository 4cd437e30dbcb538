import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Clicks on one article of one campaign on one day (UTC): what the flusher adds up. */
@Entity('campaign_clicks')
export class CampaignClick {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @Column({ name: 'article_id', type: 'integer' })
  articleId!: number;

  /** `YYYY-MM-DD` in UTC: days compare as text on both databases. */
  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'integer', default: 0 })
  clicks!: number;
}
