import { Entity, PrimaryColumn } from 'typeorm';

/**
 * A reader who clicked an article of a campaign, once however often (TRACK_CLICKS=per-subscriber
 * only): unique readers are counted from these rows, so writing one twice changes nothing.
 */
@Entity('campaign_click_readers')
export class CampaignClickReader {
  @PrimaryColumn({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @PrimaryColumn({ name: 'article_id', type: 'integer' })
  articleId!: number;

  @PrimaryColumn({ name: 'subscriber_id', type: 'integer' })
  subscriberId!: number;
}
