import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * An article whose feed gives no usable date keeps the time it was first seen, and says so.
 * Rows stored before this read as dated: their source's date, or the poll time, was all we kept.
 */
export class ArticleDates1765000000000 implements MigrationInterface {
  name = 'ArticleDates1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'articles',
      new TableColumn({ name: 'date_guessed', type: 'boolean', default: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('articles', 'date_guessed');
  }
}
