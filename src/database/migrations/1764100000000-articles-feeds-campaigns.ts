import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { columnHelpers } from './column-helpers.js';

/** Articles and the feeds they come from; campaigns (drafts for now). */
export class ArticlesFeedsCampaigns1764100000000 implements MigrationInterface {
  name = 'ArticlesFeedsCampaigns1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { id, timestamp } = columnHelpers(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'feeds',
        columns: [
          id,
          { name: 'url', type: 'varchar', length: '2000', isUnique: true },
          { name: 'title', type: 'varchar', length: '500', default: "''" },
          { name: 'poll_minutes', type: 'integer', default: 10 },
          { name: 'etag', type: 'varchar', length: '500', isNullable: true },
          { name: 'last_modified', type: 'varchar', length: '100', isNullable: true },
          timestamp('last_polled_at', true),
          { name: 'last_status', type: 'varchar', length: '16', default: "'pending'" },
          { name: 'last_error', type: 'text', default: "''" },
          { name: 'last_new', type: 'integer', default: 0 },
          { name: 'last_updated', type: 'integer', default: 0 },
          timestamp('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'articles',
        columns: [
          id,
          { name: 'guid', type: 'varchar', length: '1000', isUnique: true },
          { name: 'url', type: 'varchar', length: '2000' },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'summary', type: 'text', default: "''" },
          { name: 'image_url', type: 'varchar', length: '2000', isNullable: true },
          { name: 'author', type: 'varchar', length: '200', default: "''" },
          { name: 'categories', type: 'text', default: "'[]'" },
          { name: 'tags', type: 'text', default: "'[]'" },
          timestamp('published_at'),
          { name: 'feed_id', type: 'integer', isNullable: true },
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        indices: [
          { name: 'idx_articles_published', columnNames: ['published_at', 'id'] },
          { name: 'idx_articles_url', columnNames: ['url'] },
        ],
        foreignKeys: [
          {
            name: 'fk_articles_feed',
            columnNames: ['feed_id'],
            referencedTableName: 'feeds',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'campaigns',
        columns: [
          id,
          { name: 'list_id', type: 'integer' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'article_ids', type: 'text' },
          { name: 'status', type: 'varchar', length: '16', default: "'draft'" },
          timestamp('created_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_campaigns_list',
            columnNames: ['list_id'],
            referencedTableName: 'lists',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('campaigns');
    await queryRunner.dropTable('articles');
    await queryRunner.dropTable('feeds');
  }
}
