import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * A campaign whose digest cannot be rendered becomes `failed` (the status column is a varchar,
 * so the new value needs no change there) and keeps the reason, for the API, its page and the log.
 */
export class CampaignFailure1764900000000 implements MigrationInterface {
  name = 'CampaignFailure1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'campaigns',
      new TableColumn({ name: 'failure_reason', type: 'text', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('campaigns', 'failure_reason');
  }
}
