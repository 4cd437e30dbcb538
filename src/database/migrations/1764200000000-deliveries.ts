import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { columnHelpers } from './column-helpers.js';

/** One delivery row per (campaign, subscriber), and the campaign's sending state. */
export class Deliveries1764200000000 implements MigrationInterface {
  name = 'Deliveries1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { id, timestamp } = columnHelpers(queryRunner);
    await queryRunner.addColumns('campaigns', [
      new TableColumn(timestamp('send_at', true)),
      new TableColumn(timestamp('started_at', true)),
      new TableColumn(timestamp('finished_at', true)),
      new TableColumn({ name: 'total', type: 'integer', default: 0 }),
      new TableColumn({ name: 'fanout_cursor', type: 'integer', default: 0 }),
      new TableColumn({ name: 'fanout_done', type: 'boolean', default: false }),
      new TableColumn({ name: 'resumes', type: 'integer', default: 0 }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'deliveries',
        columns: [
          id,
          { name: 'campaign_id', type: 'integer' },
          { name: 'subscriber_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          { name: 'attempts', type: 'integer', default: 0 },
          // Which claim (one batch run) holds the row; claimed_at says since when.
          { name: 'claim', type: 'varchar', length: '36', isNullable: true },
          timestamp('claimed_at', true),
          timestamp('sent_at', true),
          { name: 'error', type: 'text', default: "''" },
        ],
        uniques: [
          { name: 'uq_deliveries_recipient', columnNames: ['campaign_id', 'subscriber_id'] },
        ],
        indices: [{ name: 'idx_deliveries_status', columnNames: ['campaign_id', 'status', 'id'] }],
        foreignKeys: [
          {
            name: 'fk_deliveries_campaign',
            columnNames: ['campaign_id'],
            referencedTableName: 'campaigns',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_deliveries_subscriber',
            columnNames: ['subscriber_id'],
            referencedTableName: 'subscribers',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('deliveries');
    for (const column of [
      'send_at',
      'started_at',
      'finished_at',
      'total',
      'fanout_cursor',
      'fanout_done',
      'resumes',
    ]) {
      await queryRunner.dropColumn('campaigns', column);
    }
  }
}
