import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnHelpers } from './column-helpers.js';

/**
 * Subject tests: the test and its outcome on the campaign, and each delivery's test group (null
 * for the rest of the list, whose rows wait as `held` until a subject is chosen).
 */
export class SubjectTests1765500000000 implements MigrationInterface {
  name = 'SubjectTests1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp } = columnHelpers(queryRunner);
    await queryRunner.addColumns('campaigns', [
      new TableColumn({ name: 'subject_test', type: 'text', isNullable: true }),
      new TableColumn({ name: 'winner', type: 'integer', isNullable: true }),
      new TableColumn(timestamp('test_sent_at', true)),
      new TableColumn(timestamp('winner_chosen_at', true)),
      new TableColumn({
        name: 'winner_chosen_by',
        type: 'varchar',
        length: '16',
        isNullable: true,
      }),
    ]);
    await queryRunner.addColumn(
      'deliveries',
      new TableColumn({ name: 'test_group', type: 'smallint', isNullable: true }),
    );
    // A test's figures read only its test rows (a tenth or so of the list), on every poll.
    await queryRunner.createIndex(
      'deliveries',
      new TableIndex({
        name: 'idx_deliveries_test_group',
        columnNames: ['campaign_id', 'test_group', 'status'],
        where: 'test_group IS NOT NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('deliveries', 'idx_deliveries_test_group');
    await queryRunner.dropColumn('deliveries', 'test_group');
    for (const column of [
      'winner_chosen_by',
      'winner_chosen_at',
      'test_sent_at',
      'winner',
      'subject_test',
    ]) {
      await queryRunner.dropColumn('campaigns', column);
    }
  }
}
