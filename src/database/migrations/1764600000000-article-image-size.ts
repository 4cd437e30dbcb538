import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** An article's image size in pixels, when the feed or the CMS gives it; the digest sets its height. */
export class ArticleImageSize1764600000000 implements MigrationInterface {
  name = 'ArticleImageSize1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('articles', [
      new TableColumn({ name: 'image_width', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'image_height', type: 'integer', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('articles', ['image_width', 'image_height']);
  }
}
