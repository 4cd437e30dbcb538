import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** An editor can pause a feed: it keeps its settings and articles but is not polled. */
export class FeedPaused1764700000000 implements MigrationInterface {
  name = 'FeedPaused1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'feeds',
      new TableColumn({ name: 'paused', type: 'boolean', default: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('feeds', 'paused');
  }
}
