import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { columnHelpers } from './column-helpers.js';

/**
 * What readers clicked (TRACK_CLICKS): counts per campaign × article × day, the readers who
 * clicked when per-subscriber tracking is chosen, and the batches already flushed from Redis.
 * No foreign keys: a count must never be refused, and so block its batch, for a row gone since.
 */
export class CampaignClicks1765400000000 implements MigrationInterface {
  name = 'CampaignClicks1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { id, timestamp } = columnHelpers(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'campaign_clicks',
        columns: [
          id,
          { name: 'campaign_id', type: 'integer' },
          { name: 'article_id', type: 'integer' },
          { name: 'day', type: 'varchar', length: '10' },
          { name: 'clicks', type: 'integer', default: 0 },
        ],
        uniques: [
          { name: 'uq_campaign_clicks', columnNames: ['campaign_id', 'article_id', 'day'] },
        ],
        // The overview's "most clicked in 30 days" reads by day.
        indices: [{ name: 'idx_campaign_clicks_day', columnNames: ['day'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'campaign_click_readers',
        columns: [
          { name: 'campaign_id', type: 'integer', isPrimary: true },
          { name: 'article_id', type: 'integer', isPrimary: true },
          { name: 'subscriber_id', type: 'integer', isPrimary: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'click_flushes',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          timestamp('flushed_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('click_flushes');
    await queryRunner.dropTable('campaign_click_readers');
    await queryRunner.dropTable('campaign_clicks');
  }
}
