import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * A batch reads its claimed rows and renews its lease by claim id. Without an index each of those
 * scanned the whole deliveries table, once per batch: the cost grew with the table, so a list three
 * times larger made every batch slower (the 300,000-subscriber bench). Only rows in flight carry a
 * claim, so the partial index stays as small as the batches being sent.
 */
export class DeliveryClaimIndex1765200000000 implements MigrationInterface {
  name = 'DeliveryClaimIndex1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'deliveries',
      new TableIndex({
        name: 'idx_deliveries_claim',
        columnNames: ['claim'],
        where: 'claim IS NOT NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('deliveries', 'idx_deliveries_claim');
  }
}
