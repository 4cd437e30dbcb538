import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Sends join each recipient to the suppression list by address; without an index that is a scan
 * of the list per recipient on SQLite.
 */
export class SuppressionEmailIndex1764400000000 implements MigrationInterface {
  name = 'SuppressionEmailIndex1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'suppressions',
      new TableIndex({ name: 'idx_suppressions_email', columnNames: ['email'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('suppressions', 'idx_suppressions_email');
  }
}
